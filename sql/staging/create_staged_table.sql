-- An empty append-only staged table shaped like its typing view; rows arrive by
-- append_new_files.sql. `limit 0` takes no row, so no order is needed (noqa: AM09).
create table if not exists {staged_table} as
select * from {typed_view} limit 0  -- noqa: AM09
