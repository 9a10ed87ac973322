-- Attrition steps of one as-of date that hold more patients than the step before: each rule
-- only removes patients, so this must be 0.
select count(*)
from (
    select
        patients,
        lag(patients) over (order by step_no) as previous
    from review.attrition
    where as_of = $as_of
)
where patients > previous
