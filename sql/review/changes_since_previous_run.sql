-- Every patient flagged on the as-of date or on the run before it, with both priorities and
-- what changed, so the report says what is new and nobody leaves the cohort unnoticed.
with previous_run as (
    select max(as_of) as as_of from review.attrition where as_of < $as_of
),

today as (select * from review.flagged_cohort where as_of = $as_of),

before as (select * from review.flagged_cohort where as_of = (select as_of from previous_run))

select
    patient_id,
    (select as_of from previous_run) as previous_as_of,
    b.priority as previous_priority,
    t.priority,
    case
        when t.patient_id is null then 'gone'
        when t.new_evidence is not null and (t.new_evidence is distinct from b.new_evidence)
            then 'new_evidence'
        when t.status = 'new' then 'new'
        when b.patient_id is null then 'back'
        when sw_priority_rank(t.priority) > sw_priority_rank(b.priority) then 'up'
        when sw_priority_rank(t.priority) < sw_priority_rank(b.priority) then 'down'
    end as change
from today t
full join before b using (patient_id)
order by sw_priority_rank(coalesce(t.priority, b.priority)) desc, patient_id
