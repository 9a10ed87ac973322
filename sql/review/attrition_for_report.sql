-- The attrition funnel of one as-of date, in rule order, as CONTRACT §5 lays out attrition.csv.
select
    step,
    patients
from review.attrition
where as_of = $as_of
order by step_no
