-- An export's records that no mapping took, by the reason they are skipped (CONTRACT §6).
select
    skip_reason as reason,
    count(*) as skipped
from export_records e
where not exists (select 1 from taken_records t where t.line = e.line)
group by skip_reason
order by skipped desc, reason asc
