-- How many patients remain after each inclusion rule, applied in order, for one as-of date.
insert into review.attrition
select $as_of, step_no, step, patients
from (
    select 0 as step_no, 'all_patients' as step, count(*) as patients from clinical.patient_evaluation
    union all
    select 1, 'ever_on_statin', count(*) filter (where rule_ever_statin) from clinical.patient_evaluation
    union all
    select 2, 'statin_current_or_within_90_days',
        count(*) filter (where rule_ever_statin and rule_statin_exposed) from clinical.patient_evaluation
    union all
    select 3, 'muscle_symptoms_in_window',
        count(*) filter (where rule_ever_statin and rule_statin_exposed and rule_muscle_symptoms)
        from clinical.patient_evaluation
)
