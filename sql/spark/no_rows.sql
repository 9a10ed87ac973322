-- A table's columns and types without its rows, for the lake's zero-row file.
select *
from {table}
where false
