-- A table rebuilt from scratch has taken in no file yet.
delete from ingest.incremental_progress where table_name = $table_name
