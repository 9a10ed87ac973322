-- Keeps the hashes taken in this run (the registered fresh_hashes, with the table's columns),
-- over any older entry of the same path: a file's newest stat and content replace what was
-- known of it.
insert or replace into ingest.landing_hashes by name
select * from fresh_hashes
