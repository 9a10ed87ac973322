-- A table Spark keeps only in the lake, read by DuckDB in place through a view of its files
-- (named by lake_files.sql), so SQL written for the warehouse reads it without a copy.
create view {table} as
select * from read_parquet(getvariable('{variable}'))
