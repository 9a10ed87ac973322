-- OHDSI Circe's inclusion report for one as-of date: statin-exposed patients counted by the
-- bitmask of inclusion rules they pass (bit 0 any signal, 1 muscle symptoms, 2 not explained
-- by exercise, 3 high concern), so a reviewer sees which rules removed whom.
select
    (rule_any_signal::int)
    + 2 * (rule_muscle_symptoms::int)
    + 4 * (rule_not_exercise_explained::int)
    + 8 * (rule_high_concern::int) as inclusion_rule_mask,
    concat_ws(
        '+',
        case when rule_any_signal then 'any_signal' end,
        case when rule_muscle_symptoms then 'muscle_symptoms' end,
        case when rule_not_exercise_explained then 'not_explained_by_exercise' end,
        case when rule_high_concern then 'high_concern' end
    ) as rules_passed,
    count(*) as patients
from clinical.patient_evaluation
where rule_ever_statin and rule_statin_exposed
group by all
order by inclusion_rule_mask
