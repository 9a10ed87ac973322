-- Whose each entry of a batch of FHIR JSON files is, and its line in that file: the batch
-- line of the mappings and counts back to the file it is quarantined and counted under.
create or replace temp table record_files as
select
    line,
    file_id,
    file_line
from fhir_entries
