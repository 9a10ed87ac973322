-- An empty append-only staged table shaped like its typing view; rows arrive by
-- append_new_files.sql.
create table if not exists {staged_table} as
select * from {typed_view} limit 0
