-- Remembers what an incrementally maintained table now holds (see build_state.sql).
insert or replace into ingest.incremental_builds (table_name, fingerprint, last_file_id, built_at)
values ($table_name, $fingerprint, $last_file_id, now())
