-- The FHIR resources of the batch's JSON entries, one row each with its batch line and its
-- file (`_file`, the file id), for the mappings (sql/ingest/external/fhir_*.sql). A view: the
-- entries are not copied again.
create or replace temp view fhir_resources as
select
    line,
    full_url,
    resource_type,
    doc,
    file_id as _file
from fhir_entries
where resource_type is not null
