-- The patient-days whose device load may have changed since the last staging: days of
-- heart-rate or activity minutes in newer files, and days of newly staged logged sessions of
-- patients with device minutes (a log makes the day's device sessions give way to it, and
-- takes the minutes inside it); a patient who wears no device has no device load to stage.
create or replace temp table touched_days as
select distinct
    patient_id,
    cast(minute as date) as day
from raw.heart_rate
where file_id > $last_file_id
union
select distinct
    patient_id,
    cast(minute as date) as day
from raw.activity_minutes
where file_id > $last_file_id
union
select distinct
    patient_id,
    session_date as day
from staging.exercise
where
    origin = 'log'
    and file_id > $last_file_id
    and patient_id in (
        select patient_id from raw.heart_rate
        union
        select patient_id from raw.activity_minutes
    )
