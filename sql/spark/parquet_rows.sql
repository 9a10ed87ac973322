-- The rows of a set of Parquet files, to check a table's copy in the lake holds every row.
select count(*) as row_count
from read_parquet($files)
