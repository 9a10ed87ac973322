-- Apple Health HKQuantityTypeIdentifierHeartRate Records as heart-rate samples for
-- heart_rate_minutes.sql: each at its startDate, with its offset; the export names nobody, so
-- the patient comes from its folder. Apple writes count/min; another unit is refused.
create or replace temp view heart_rate_samples as
select
    line as _line,
    cast(null as varchar) as patient_id,
    start_date as taken_at,
    sw_wall_ts(start_date) as wall_ts,
    sw_offset_min(start_date) as utc_offset_min,
    value as bpm,
    case
        when coalesce(unit, '') <> 'count/min'
            then 'Apple Health heart rate in ' || coalesce(sw_shown(unit), 'no unit')
                || ': expected count/min'
    end as _reject
from apple_heart_rate
