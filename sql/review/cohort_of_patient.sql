-- The cohort date a disposition refers to: the one named if the patient is in it, else the
-- patient's latest cohort; no row when the patient was never flagged (on that date).
select max(as_of)
from review.flagged_cohort
where patient_id = $patient_id and (cast($as_of as date) is null or as_of = cast($as_of as date))
having count(*) > 0
