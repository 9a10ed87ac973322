-- FHIR Bulk Data NDJSON as one row per resource with its physical line; a JSON object that
-- is not a FHIR resource joins the reader's rejects, so it is quarantined with its line.
create or replace temp table fhir_resources as
select
    line,
    null as full_url,
    doc->>'resourceType' as resource_type,
    doc
from landing_lines
where json_type(doc) = 'OBJECT' and (doc->>'resourceType') is not null;
insert into landing_rejects
select
    line,
    'JSON object without resourceType: not a FHIR resource',
    left(text, 2000)
from landing_lines
where json_type(doc) = 'OBJECT' and (doc->>'resourceType') is null;
