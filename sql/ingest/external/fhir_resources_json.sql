-- The FHIR resources of a JSON document's entries, one row each with its line, for the
-- mappings (sql/ingest/external/fhir_*.sql).
create or replace temp table fhir_resources as
select
    line,
    full_url,
    resource_type,
    doc
from fhir_entries
where resource_type is not null
