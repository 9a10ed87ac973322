-- Remembers the newest landing file an incrementally maintained table has taken in.
insert or replace into ingest.incremental_progress (table_name, last_file_id)
values ($table_name, $last_file_id)
