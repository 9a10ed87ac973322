-- Appends the file's first copies of rows not seen before to the stream's raw table.
insert into {raw_table} by name
select * exclude (record, reject_reason, copy_no), $file_id as file_id
from hashed_rows h
where copy_no = 1
    and not exists (select 1 from {raw_table} r where r.row_hash = h.row_hash)
