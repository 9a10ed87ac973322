-- Each export file's records that no mapping took, by the reason they are skipped
-- (CONTRACT §6).
select
    f.file_id,
    e.skip_reason as reason,
    count(*) as skipped
from export_records e
join record_files f using (line)
where not exists (select 1 from taken_records t where t.line = e.line)
group by f.file_id, e.skip_reason
order by f.file_id asc, skipped desc, reason asc
