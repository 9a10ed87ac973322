-- The entries of a FHIR JSON document that hold no resource (no resourceType): read, so they
-- are quarantined with their line rather than dropped.
create or replace temp table landing_rejects as
select
    line,
    'entry without resourceType: not a FHIR resource' as reason,
    left(cast(doc as varchar), 2000) as record
from fhir_entries
where resource_type is null
