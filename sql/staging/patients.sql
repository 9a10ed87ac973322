-- One row per patient: the most recently ingested record wins, because a later file is a
-- correction or update of the demographics; BMI is derived once here for the risk rules.
create or replace table staging.patients as
select
    patient_id,
    birth_date,
    coalesce(sex, 'U') as sex,
    weight_kg,
    height_cm,
    case when weight_kg > 0 and height_cm > 0 then weight_kg / power(height_cm / 100, 2) end as bmi,
    egfr,
    hypothyroid,
    file_id,
    line
from raw.patients
qualify row_number() over (partition by patient_id order by file_id desc, line desc) = 1
