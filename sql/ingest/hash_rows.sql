-- Fingerprints each valid row by its typed content and marks repeats: the second copy of a
-- row within the file, or any row whose fingerprint an earlier file already brought.
-- The content is serialised as a JSON array, so distinct values can never run together.
create or replace temp table hashed_rows as
select
    *,
    row_number() over (partition by row_hash order by line) as copy_no
from (
    select
        *,
        md5(cast(to_json(row(*columns(* exclude (line, record, reject_reason)))) as varchar))
            as row_hash
    from parsed_rows
    where reject_reason is null
)
