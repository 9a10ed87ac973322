-- A table Spark built, read back from its Parquet folder in the lake so the review stage reads
-- it where it reads the DuckDB-built one.
create or replace table {table} as
select * from read_parquet($files)
