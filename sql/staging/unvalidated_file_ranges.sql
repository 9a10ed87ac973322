-- The stream's files not yet validated, as ranges of file ids holding about $rows_per_range
-- accepted rows each: their rows are sorted into file and line order a range at a time, as one
-- sort of a whole history's first load would spill to disk.
select
    min(file_id) as low,
    max(file_id) as high
from (
    select
        file_id,
        sum(accepted) over (order by file_id) as rows_so_far
    from ingest.file_streams
    where stream = $stream and validated_at is null
)
group by (rows_so_far - 1) // $rows_per_range
order by low
