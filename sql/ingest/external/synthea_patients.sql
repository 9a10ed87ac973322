-- Synthea patients.csv as patient rows: Id, BIRTHDATE and GENDER (M / F), any version.
select
    _line,
    _record,
    id as patient_id,
    birthdate as birth_date,
    upper(gender) as sex,
    null as _reject
from source_rows
