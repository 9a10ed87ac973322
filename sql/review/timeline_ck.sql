-- CK results of the charted patients in the timeline window as multiples of the upper
-- reference limit, with exercise confounding, for the timeline chart.
with charted as (select unnest($patient_ids) as patient_id)

select
    k.patient_id,
    k.collected_at,
    k.uln_multiple,
    k.tier,
    k.ck_u_per_l,
    k.is_exercise_confounded
from clinical.ck_results k
semi join charted using (patient_id)
where k.collected_date >= cast($window_start as date) and k.collected_date <= $as_of
order by k.patient_id, k.collected_at
