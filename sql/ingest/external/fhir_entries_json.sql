-- A FHIR JSON document as one row per entry: a Bundle's entries (any type: collection,
-- transaction, searchset…) or a lone resource. The line is the entry's position, counted on
-- across the documents of a file holding several, so each entry is told apart from the others
-- (docs/formats.md "Accounting"). An entry without a resourceType is kept here to be
-- quarantined (fhir_entry_rejects.sql), not dropped.
create or replace temp table fhir_entries as
with docs as (
    select
        row_number() over () as doc_no,
        json as doc
    from read_json_objects($path, format = 'auto', maximum_object_size = $max_bytes)
),

entries as (
    select
        d.doc_no,
        e.position,
        e.entry->>'fullUrl' as full_url,
        e.entry->'resource' as doc
    from docs d,
        unnest(coalesce(json_extract(d.doc, '$.entry[*]'), [])) with ordinality e (entry, position)
    where (d.doc->>'resourceType') = 'Bundle'
    union all
    select
        doc_no,
        1 as position,
        null as full_url,
        doc
    from docs
    where (doc->>'resourceType') is distinct from 'Bundle'
)

select
    row_number() over (order by doc_no, position) as line,
    full_url,
    doc->>'resourceType' as resource_type,
    doc
from entries
