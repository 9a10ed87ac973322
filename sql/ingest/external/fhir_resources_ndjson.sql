-- FHIR Bulk Data NDJSON as one row per resource with its physical line and its file (`_file`,
-- the file id), for the mappings; a JSON object that is not a FHIR resource is quarantined
-- instead (fhir_ndjson_rejects.sql).
create or replace temp view fhir_resources as
select
    l.line,
    cast(null as varchar) as full_url,
    l.doc->>'resourceType' as resource_type,
    l.doc,
    b.file_id as _file
from landing_lines l
join batch_files b on b.source = l.sw_source_file
where json_type(l.doc) = 'OBJECT' and (l.doc->>'resourceType') is not null
