-- One activity record per patient and minute: Fitbit intensities and steps come in separate
-- files (and again in later exports), so each minute takes the highest of each.
create or replace view staging.activity_minutes as
select
    patient_id,
    minute,
    max(intensity) as intensity,
    max(steps) as steps,
    max(file_id) as file_id
from raw.activity_minutes
group by patient_id, minute
