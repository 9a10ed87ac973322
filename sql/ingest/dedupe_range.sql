-- The ranges of the dedupe column and of the patient over a file's valid rows (see
-- insert_accepted.sql).
select
    min({range_column}),
    max({range_column}),
    min(patient_id),
    max(patient_id)
from hashed_rows
