-- The newest landing file recorded: everything up to it is in the raw tables (one writer,
-- file ids only rise, each file committed whole).
select coalesce(max(file_id), -1) from ingest.files
