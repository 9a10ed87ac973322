-- The records of a CSV export, each a row read (docs/formats.md "Accounting"): every CSV record
-- the reader kept, by its line, with the format's reason for skipping it when no mapping takes
-- it (a Synthea condition that is not a muscle symptom).
create or replace temp table export_records as
select
    _line as line,
    $skip_reason as skip_reason
from source_rows
