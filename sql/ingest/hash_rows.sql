-- Fingerprints each valid row by its typed content and marks repeats: the second copy of a
-- row within the files being ingested (the earlier file and line keep it, as if the files had
-- come one by one), or any row whose fingerprint an earlier file already brought.
create or replace temp table hashed_rows as
select
    *,
    row_number() over (partition by row_hash order by file_id, line) as copy_no
from (
    select
        *,
        sw_row_fingerprint(row(*columns(* exclude (line, _row, file_id, reject_reason)))) as row_hash
    from parsed_rows
    where reject_reason is null
)
