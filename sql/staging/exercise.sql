-- Exercise sessions on the patient's local wall clock with their end time, the unit the
-- exercise-context rules compare symptom onsets against. A logged session keeps its own
-- avg_hr (hr_source 'log'); the device step (statinwatch/staging/device_load.py) fills the
-- heart-rate columns of the others from the minutes inside them and adds device sessions
-- (origin 'device'); load_file_id is the newest heart-rate file a session's figures came from.
-- A session that may take the device's heart rate (no avg_hr of its own; not a Fitbit daily
-- summary, placed at noon by convention) is staged with hr_minutes 0, none found yet, so the
-- device step writes only the sessions it finds minutes in: most patients wear no device.
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
    case
        when avg_hr is null and activity <> 'daily active minutes' then 0
    end as hr_minutes,
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
