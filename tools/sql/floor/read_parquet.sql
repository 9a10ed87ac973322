-- The floor's read of one Parquet stream: every column of every file as text, materialised.
create table {stream} as
select columns(*)::varchar
from read_parquet($glob, union_by_name = true)
