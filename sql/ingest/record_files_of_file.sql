-- The records of an export read on its own all belong to that file, each under its own line,
-- so the same per-file counting serves one file and a batch (see fhir_record_files.sql).
create or replace temp table record_files as
select
    line,
    $file_id as file_id,
    line as file_line
from (
    select line from export_records
    union
    select line from landing_rejects
)
