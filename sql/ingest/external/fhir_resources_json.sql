-- A FHIR JSON document as one row per resource: a Bundle's entries (any type: collection,
-- transaction, searchset…) with their position as the line, or a lone resource as line 1.
create or replace temp table fhir_resources as
with docs as (
    select json as doc
    from read_json_objects($path, format = 'auto', maximum_object_size = $max_bytes)
),

entries as (
    select
        e.position as line,
        e.entry->>'fullUrl' as full_url,
        e.entry->'resource' as doc
    from docs d,
        unnest(coalesce(json_extract(d.doc, '$.entry[*]'), [])) with ordinality e (entry, position)
    where (d.doc->>'resourceType') = 'Bundle'
),

lone as (
    select
        row_number() over () as line,
        null as full_url,
        doc
    from docs
    where (doc->>'resourceType') <> 'Bundle'
)

select
    line,
    full_url,
    doc->>'resourceType' as resource_type,
    doc
from (
    select * from entries
    union all
    select * from lone
)
where (doc->>'resourceType') is not null
