-- Drops an incrementally maintained table whose definition changed, so it is rebuilt whole.
drop table if exists {table_name}
