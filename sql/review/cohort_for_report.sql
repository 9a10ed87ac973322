-- The flagged cohort of one as-of date in the order a clinician works through it: patients
-- awaiting a look before those reviewed with no new evidence, most urgent first, then the
-- patients with most risk modifiers, then the oldest flags.
select
    patient_id,
    priority,
    reasons,
    explanation,
    statin,
    daily_dose_mg,
    first_flagged,
    status,
    risk_score,
    as_of,
    rules_version,
    intensity,
    decision,
    reviewed_by,
    reviewed_at,
    review_note,
    new_evidence
from review.flagged_cohort
where as_of = $as_of
order by
    status = 'reviewed' asc,
    sw_priority_rank(priority) desc,
    risk_score desc,
    first_flagged asc,
    patient_id asc
