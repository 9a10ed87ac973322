-- How many records of each file of the export batch its reader rejected.
select
    f.file_id,
    count(*) as rejected
from landing_rejects
join record_files f using (line)
group by f.file_id
