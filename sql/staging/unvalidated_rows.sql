-- Staged rows of one stream whose landing files have not yet passed the stream's suite,
-- with their file path and line so a failure can point at the source.
select s.*, f.path
from {staged_table} s
join ingest.files f using (file_id)
where f.validated_at is null and f.stream = $stream
order by s.file_id, s.line
