-- Each patient of the as-of date's cohort on each of the last $trend_runs run dates (priority
-- null when not flagged that day), oldest first, for the trend strip of the report's cards.
with runs as (
    select distinct as_of
    from review.attrition
    where as_of <= $as_of
    order by as_of desc
    limit $trend_runs
)

select
    c.patient_id,
    r.as_of,
    s.priority
from review.flagged_cohort c
cross join runs r
left join review.flagged_cohort s on s.patient_id = c.patient_id and s.as_of = r.as_of
where c.as_of = $as_of
order by c.patient_id, r.as_of
