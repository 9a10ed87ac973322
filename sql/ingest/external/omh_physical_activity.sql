-- Open mHealth physical-activity data points as exercise sessions (docs/formats.md "Open
-- mHealth"): the time interval's start (or end − duration) and length, the reported
-- intensity, else the MET value's class, else the activity's usual intensity; distance in
-- km. The patient is the header's user_id, else the patient_id=<id> folder. Other schemas
-- (heart rate, step count, …) are not exercise rows.
with points as (
    select
        *,
        body->'effective_time_frame'->'time_interval' as frame,
        try_cast(body->'effective_time_frame'->'time_interval'->'duration'->>'value' as double)
        * sw_unit_minutes(body->'effective_time_frame'->'time_interval'->'duration'->>'unit')
            as frame_minutes
    from omh_points
    where schema_name = 'physical-activity'
)

select
    p.line as _line,
    p.record as _record,
    coalesce(p.user_id, $patient_id) as patient_id,
    coalesce(
        p.frame->>'start_date_time',
        strftime(
            sw_wall_ts(p.frame->>'end_date_time')
            - to_microseconds(cast(p.frame_minutes * 60000000 as bigint)),
            '%Y-%m-%dT%H:%M:%S'
        )
    ) as start_time,
    round(coalesce(
        p.frame_minutes,
        date_diff(
            'second',
            sw_wall_ts(p.frame->>'start_date_time'),
            sw_wall_ts(p.frame->>'end_date_time')
        ) / 60.0
    ), 2) as duration_min,
    coalesce(a.activity, lower(p.body->>'activity_name')) as activity,
    coalesce(
        p.body->>'reported_activity_intensity',
        sw_met_intensity(try_cast(p.body->>'met_value' as double)),
        a.intensity
    ) as intensity,
    round(
        sw_km(try_cast(p.body->'distance'->>'value' as double), p.body->'distance'->>'unit'), 3
    ) as distance_km,
    case
        when coalesce(p.user_id, $patient_id) is null
            then 'no patient: put this export in a folder named patient_id=<id> under landing/'
    end as _reject
from points p
left join vocab.activity_types a
    on a.source = 'generic' and a.code = lower(trim(p.body->>'activity_name'))
