-- Staged rows of one stream whose landing files, among those from $low to $high, have not yet
-- passed the stream's suite: only the $columns the suite reads (turning every text column into
-- pandas cost more than GX's checks), with file id and line so a failure can point at the
-- source. A file that fed several streams (an export) is validated per stream.
select columns(lambda c: list_contains($columns, c))
from (
    select s.*
    from {staged_table} s
    join ingest.file_streams fs on fs.file_id = s.file_id and fs.stream = $stream
    where fs.validated_at is null and s.file_id between $low and $high
)
order by file_id, line
