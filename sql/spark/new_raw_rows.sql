-- The rows of a raw table from landing files newer than the newest one in the lake: raw tables
-- only grow and file ids only rise, so these are exactly the files the lake lacks.
select *
from {table}
where file_id > $highest_file_id
