-- The lines of FHIR Bulk Data NDJSON that are JSON objects but no FHIR resource join the
-- reader's rejects, so they are quarantined with their line.
insert into landing_rejects
select
    line,
    'JSON object without resourceType: not a FHIR resource',
    left(text, 2000)
from landing_lines
where json_type(doc) = 'OBJECT' and (doc->>'resourceType') is null
