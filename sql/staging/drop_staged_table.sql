-- Drops a staged table whose typing SQL changed, so it is rebuilt from every raw row.
drop table if exists {staged_table}
