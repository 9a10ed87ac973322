-- The newest landing file a table holds rows of: file ids only rise, so this is how far it got.
select coalesce(max(file_id), -1) from {table_name}
