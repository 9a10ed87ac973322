-- How many patients remain after each inclusion rule, applied in order, for one as-of date
-- (OHDSI Circe's sequential attrition): each step keeps those who also pass its rule.
insert into review.attrition
select
    $as_of,
    step_no,
    step,
    patients
from (
    select
        0 as step_no,
        'all_patients' as step,
        count(*) as patients
    from clinical.patient_evaluation
    union all
    select
        1,
        'ever_on_statin',
        count(*) filter (where rule_ever_statin)
    from clinical.patient_evaluation
    union all
    select
        2,
        'statin_current_or_within_90_days',
        count(*) filter (where rule_ever_statin and rule_statin_exposed)
    from clinical.patient_evaluation
    union all
    select
        3,
        'any_muscle_or_risk_signal',
        count(*) filter (where rule_ever_statin and rule_statin_exposed and rule_any_signal)
    from clinical.patient_evaluation
    union all
    select
        4,
        'muscle_symptoms_in_30_days',
        count(*) filter (
            where rule_ever_statin and rule_statin_exposed and rule_any_signal
            and rule_muscle_symptoms
        )
    from clinical.patient_evaluation
    union all
    select
        5,
        'not_explained_by_exercise',
        count(*) filter (
            where rule_ever_statin and rule_statin_exposed and rule_any_signal
            and rule_muscle_symptoms and rule_not_exercise_explained
        )
    from clinical.patient_evaluation
    union all
    select
        6,
        'high_or_urgent_concern',
        count(*) filter (
            where rule_ever_statin and rule_statin_exposed and rule_any_signal
            and rule_muscle_symptoms and rule_not_exercise_explained and rule_high_concern
        )
    from clinical.patient_evaluation
)
