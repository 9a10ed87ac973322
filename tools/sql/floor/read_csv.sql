-- The floor's read of one CSV stream: every column of every file as text, materialised, as the
-- ingest reads it (no validation, accounting or history).
create table {stream} as
select *
from read_csv($glob, all_varchar = true, header = true, union_by_name = true)
