-- The device minutes of the touched days and the days either side (a session may run past
-- midnight), heart rate and activity side by side, each minute marked vigorous when Fitbit
-- calls it very active, its cadence is vigorous walking or running, or its heart rate is far
-- above the person's resting level that day (docs/rules.md "Device load"). The resting level
-- is a low percentile of the day's minutes, known only for a day worn long enough.
create or replace temp table day_minutes as
with wanted as (
    select distinct
        t.patient_id,
        t.day + s.shift as day
    from touched_days t, unnest([-1, 0, 1]) s (shift)
),

heart as (
    select h.*
    from staging.heart_rate_minutes h
    join wanted w on w.patient_id = h.patient_id and w.day = cast(h.minute as date)
),

active as (
    select a.*
    from staging.activity_minutes a
    join wanted w on w.patient_id = a.patient_id and w.day = cast(a.minute as date)
),

minutes as (
    select
        coalesce(h.patient_id, a.patient_id) as patient_id,
        coalesce(h.minute, a.minute) as minute,
        h.bpm_avg,
        h.bpm_max,
        h.file_id as heart_file_id,
        a.intensity,
        a.steps,
        greatest(coalesce(h.file_id, -1), coalesce(a.file_id, -1)) as file_id
    from heart h
    full join active a on a.patient_id = h.patient_id and a.minute = h.minute
),

rested as (
    select
        *,
        cast(minute as date) as day,
        case
            when count(bpm_avg) over day_minutes >= $device_rest_min_minutes
                then quantile_cont(bpm_avg, $device_rest_percentile) over day_minutes
        end as rest_bpm
    from minutes
    window day_minutes as (partition by patient_id, cast(minute as date))
)

select
    *,
    coalesce(intensity >= $device_vigorous_intensity, false)
    or coalesce(steps >= $device_vigorous_cadence, false)
    or coalesce(bpm_avg >= $device_hr_rest_ratio * rest_bpm, false) as is_vigorous
from rested
