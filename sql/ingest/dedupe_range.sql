-- The range of the dedupe column over a file's valid rows (see insert_accepted.sql).
select
    min({range_column}),
    max({range_column})
from hashed_rows
