-- The flagged cohort of one as-of date in the order a clinician works through it:
-- most urgent first, then the patients with most risk modifiers, then the oldest flags.
select
    patient_id, priority, reasons, explanation, statin, daily_dose_mg, first_flagged, status,
    risk_score, as_of, rules_version
from review.cohort_snapshots
where as_of = $as_of
order by
    case priority when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 else 3 end,
    risk_score desc,
    first_flagged,
    patient_id
