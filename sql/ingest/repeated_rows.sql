-- The second and later copies of a row within the files being ingested: the earlier file and
-- row keep it, as if the files had come one by one. Only the keys are ranked, not whole rows.
create or replace temp table repeated_rows as
select
    file_id,
    _row
from (
    select
        file_id,
        _row,
        row_number() over (partition by row_hash order by file_id, _row) as copy_no
    from hashed_rows
)
where copy_no > 1
