-- Copies, once per review, the fingerprint of the cohort row the clinician reviewed: the named
-- cohort date, else the patient's latest cohort on or before the day of the review.
insert into review.review_evidence by name
select
    l.review_id,
    s.as_of,
    s.priority,
    s.evidence_onset,
    s.ck_tier,
    s.interacting_drugs,
    s.statin,
    s.daily_dose_mg,
    s.intensity
from review.review_log l
join review.flagged_cohort s
    on s.patient_id = l.patient_id
        and s.as_of <= coalesce(l.cohort_as_of, cast(l.reviewed_at as date))
where not exists (select 1 from review.review_evidence e where e.review_id = l.review_id)
qualify row_number() over (partition by l.review_id order by s.as_of desc) = 1
