-- Each export file's share of each stream it fed, counted in records, not rows
-- (docs/formats.md "Accounting"): a record that gave several rows (a Fitbit day, a
-- questionnaire naming two symptoms) counts once, as quarantined if any of its rows was, else
-- accepted if any was stored, else a duplicate.
with records as (
    select
        t.stream,
        t.line,
        case
            when bool_or(t.outcome = 'quarantined') then 'quarantined'
            when bool_or(t.outcome = 'accepted') then 'accepted'
            else 'duplicate'
        end as outcome
    from taken_records t
    group by t.stream, t.line
)

select
    f.file_id,
    r.stream,
    count(*) as rows_read,
    count(*) filter (where r.outcome = 'accepted') as accepted,
    count(*) filter (where r.outcome = 'quarantined') as quarantined,
    count(*) filter (where r.outcome = 'duplicate') as duplicates
from records r
join record_files f using (line)
group by f.file_id, r.stream
order by f.file_id, r.stream
