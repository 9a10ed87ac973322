-- The files being read together, by the name DuckDB's readers report for them, with the id
-- and landing path their rows and quarantine entries are recorded under.
create or replace temp table batch_files (source varchar, file_id bigint, path varchar)
