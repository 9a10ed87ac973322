-- When the newest rows of one raw table arrived: the ingest time of the latest file that
-- brought any of them (files are numbered in arrival order).
select max(f.ingested_at)
from ingest.files f
where f.file_id = (select max(file_id) from {raw_table})
