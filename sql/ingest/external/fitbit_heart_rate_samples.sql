-- Fitbit heart rate (heartrate_seconds_merged.csv, or a file of one value a minute: Id, Time,
-- Value) as heart-rate samples for heart_rate_minutes.sql: the Fitbit Id is the patient, and a
-- time like 4/12/2016 7:21:05 AM is parsed once, here, as wall-clock time with no offset.
create or replace temp view heart_rate_samples as
select
    _line,
    id as patient_id,
    time as taken_at,
    sw_fitbit_ts(time) as wall_ts,
    cast(null as integer) as utc_offset_min,
    value as bpm,
    cast(null as varchar) as _reject
from source_rows
