-- How far an incrementally maintained table has taken in landing files, when recorded
-- (ingest.incremental_progress).
select last_file_id from ingest.incremental_progress where table_name = $table_name
