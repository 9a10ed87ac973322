-- Fingerprints each valid row by its typed content, the identity duplicates are found by.
create or replace temp table hashed_rows as
select
    *,
    sw_row_fingerprint(row(*columns(* exclude (line, _row, file_id, reject_reason)))) as row_hash
from parsed_rows
where reject_reason is null
