-- An export's share of each stream it fed, counted in records, not rows (docs/formats.md
-- "Accounting"): a record that gave several rows (a Fitbit day, a questionnaire naming two
-- symptoms) counts once, as quarantined if any of its rows was, else accepted if any was
-- stored, else a duplicate.
with records as (
    select
        stream,
        line,
        case
            when bool_or(outcome = 'quarantined') then 'quarantined'
            when bool_or(outcome = 'accepted') then 'accepted'
            else 'duplicate'
        end as outcome
    from taken_records
    group by stream, line
)

select
    stream,
    count(*) as rows_read,
    count(*) filter (where outcome = 'accepted') as accepted,
    count(*) filter (where outcome = 'quarantined') as quarantined,
    count(*) filter (where outcome = 'duplicate') as duplicates
from records
group by stream
order by stream
