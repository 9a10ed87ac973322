-- One heart rate per patient and minute: the same minute can arrive in two exports (a second
-- export of the same watch, or two devices), so the row built from the most samples is kept
-- (then the newest file), never a sum of both (docs/formats.md "Heart rate and minute
-- intensity").
create or replace view staging.heart_rate_minutes as
select
    patient_id,
    minute,
    bpm_avg,
    bpm_max,
    samples,
    file_id
from raw.heart_rate
qualify row_number() over (
        partition by patient_id, minute order by samples desc, file_id desc, line asc
    ) = 1
