-- The floor's read of one JSON Lines stream: every field of every line as text, materialised.
create table {stream} as
select columns(*)::varchar
from read_json($glob, format = 'newline_delimited', union_by_name = true)
