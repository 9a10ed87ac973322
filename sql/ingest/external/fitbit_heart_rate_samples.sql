-- Fitbit heart rate (heartrate_seconds_merged.csv, or a file of one value a minute: Id, Time,
-- Value) as heart-rate samples for heart_rate_minutes.sql: the Fitbit Id is the patient and
-- times like 4/12/2016 7:21:05 AM become ISO text; a time that does not parse stays as written
-- so validation names it.
create or replace temp view heart_rate_samples as
select
    _line,
    id as patient_id,
    sw_fitbit_iso(time) as taken_at,
    value as bpm,
    cast(null as varchar) as _reject
from source_rows
