-- The entries of a batch of FHIR JSON files, one row each, as statinwatch/exports/fhir_json.py
-- streamed them to Parquet: a Bundle's entries (any type) or a lone resource. `line` tells
-- every entry of the batch apart for the mappings; `file_line` is its position in its own
-- file, counted on across the documents of a file holding several (docs/formats.md
-- "Accounting"). An entry without a resourceType is kept here to be quarantined
-- (fhir_entry_rejects.sql), not dropped.
create or replace temp table fhir_entries as
select
    line,
    file_id,
    file_line,
    full_url,
    cast(doc as json)->>'resourceType' as resource_type,
    cast(doc as json) as doc
from read_parquet($paths)
