-- Sets aside every row of the current file that the reader or the schema rules rejected,
-- with its file, line and reason, so nothing read is ever dropped silently.
insert into ingest.quarantine (file_id, stream, path, line, reason, record, run_id, quarantined_at)
select $file_id, $stream, $path, line, reason, record, $run_id, now()
from (
    select line, reason, record from landing_rejects
    union all
    select line, reject_reason, record from parsed_rows where reject_reason is not null
)
