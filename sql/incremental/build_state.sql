-- The fingerprint and last file taken in of one incrementally maintained table.
select fingerprint, last_file_id from ingest.incremental_builds where table_name = $table_name
