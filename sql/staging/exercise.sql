-- Exercise sessions on the patient's local wall clock with their end time, the unit the
-- exercise-context rules compare symptom onsets against. A logged session keeps its own
-- avg_hr (hr_source 'log'); the device step (statinwatch/staging/device_load.py) fills the
-- heart-rate columns of the others from the minutes inside them and adds device sessions
-- (origin 'device'); load_file_id is the newest heart-rate file a session's figures came from.
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
    cast(null as double) as max_hr,
    cast(null as integer) as hr_minutes,
    case when avg_hr is not null then 'log' end as hr_source,
    'log' as origin,
    cast(null as bigint) as load_file_id,
    distance_km,
    elevation_loss_m,
    rpe,
    soreness,
    notes,
    file_id,
    line
from raw.exercise
