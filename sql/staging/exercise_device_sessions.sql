-- Days with sustained vigorous minutes and no logged session become sessions: each run of at
-- least $device_bout_min consecutive vigorous minutes (day_minutes) on a touched day with no
-- logged session, as a vigorous "device vigorous minutes" session with the heart rate of its
-- minutes. A logged session that day (a Fitbit daily summary too) already says the day's load.
insert into staging.exercise by name
with vigorous as (
    select
        m.*,
        m.minute - to_minutes(
            row_number() over (partition by m.patient_id, m.day order by m.minute)
        ) as bout
    from day_minutes m
    semi join touched_days t on t.patient_id = m.patient_id and t.day = m.day
    where
        m.is_vigorous
        and not exists (
            select 1
            from staging.exercise e
            where e.origin = 'log' and e.patient_id = m.patient_id and e.session_date = m.day
        )
),

bouts as (
    select
        patient_id,
        day,
        min(minute) as start_time,
        count(*) as minutes,
        round(avg(bpm_avg), 1) as avg_hr,
        max(bpm_max) as max_hr,
        count(bpm_avg) as hr_minutes,
        max(heart_file_id) as heart_file_id,
        max(file_id) as file_id
    from vigorous
    group by patient_id, day, bout
    having count(*) >= $device_bout_min
)

select
    patient_id,
    start_time,
    start_time + to_minutes(minutes) as end_time,
    day as session_date,
    cast(minutes as double) as duration_min,
    'device vigorous minutes' as activity,
    'vigorous' as intensity,
    avg_hr,
    max_hr,
    cast(hr_minutes as integer) as hr_minutes,
    case when hr_minutes > 0 then 'device' end as hr_source,
    'device' as origin,
    heart_file_id as load_file_id,
    file_id
from bouts
