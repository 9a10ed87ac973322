-- Exercise sessions on the patient's local wall clock with their end time, the unit the
-- exercise-context rules compare symptom onsets against.
create or replace view staging.exercise_typed as
select
    patient_id,
    start_time,
    start_time + to_microseconds(cast(duration_min * 60000000 as bigint)) as end_time,
    cast(start_time as date) as session_date,
    duration_min,
    activity,
    intensity,
    avg_hr,
    distance_km,
    elevation_loss_m,
    rpe,
    soreness,
    notes,
    file_id,
    line
from raw.exercise
