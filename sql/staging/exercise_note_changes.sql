-- Tells the clinical judgement which patients' sessions the device step may have changed, and
-- from when (the day before the earliest touched day: a session may run into it), under the
-- newest file staging has taken, so clinical.exercise_sessions re-judges them once.
insert into staging.exercise_changes
select
    patient_id,
    cast(min(day) - 1 as timestamp) as changed_from,
    $up_to_file_id as file_id
from touched_days
group by patient_id
