-- Step 2 of judging a patient: the priority of CONTRACT §5 from the evidence. Safety
-- escalations (urgent) come first and are never softened by exercise; below them, symptoms
-- that fit exercise soreness stay low. A recorded diagnosis counts as the contract says:
-- rhabdomyolysis is urgent, drug-induced myopathy or myositis at least high. CK tiers are
-- those of sw_ck_tier (EAS, clinical.md §2.2): 1 above the ULN, 2 above 4×, 3 above 10×,
-- 4 above 40×.
create or replace table clinical.patient_priority as
select
    *,
    case
        when not (rule_ever_statin and rule_statin_exposed) then null
        when (has_muscle_symptom and ck_tier >= 3) or ck_tier = 4
            or (has_dark_urine and has_muscle_symptom) or (has_weakness and ck_tier >= 1)
            or suspected_imnm or rhabdomyolysis_date is not null
            then 'urgent'
        when (
            unexplained_symptoms
            and (is_probable_sams or ck_tier >= 2 or interaction_breach)
        )
        or myopathy_date is not null
            then 'high'
        when unexplained_symptoms or has_dark_urine then 'medium'
        when has_muscle_symptom or ck_tier >= 1 or interaction_breach or has_tendon_pain
            then 'low'
    end as priority
from clinical.patient_evidence
