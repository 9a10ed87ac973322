-- The evidence behind each patient of the as-of date's cohort, from the evaluation that
-- flagged them, for the report's patient cards (whose review banner says the rest).
select
    e.patient_id,
    e.explanation as clinical_explanation,
    e.is_current,
    e.last_exposure_end,
    e.onset_date,
    e.last_report_date,
    e.ck_multiple,
    e.ck_confounded,
    e.is_exercise_explained,
    e.sams_ci_score,
    e.sams_ci_band,
    e.sams_ci_reachable_band,
    e.sams_ci_provisional,
    e.sams_ci_missing,
    e.interaction_drug,
    e.interaction_level,
    e.interaction_breach,
    e.age_years
from clinical.patient_evaluation e
semi join review.flagged_cohort s on s.patient_id = e.patient_id and s.as_of = $as_of
where e.as_of = $as_of
