-- Sets aside the records an export's reader rejected before they could be given to a stream
-- (a malformed CSV record, a line that is not a JSON object), with file, line and reason.
insert into ingest.quarantine (file_id, stream, path, line, reason, record, run_id, quarantined_at)
select
    $file_id,
    $stream,
    $path,
    line,
    reason,
    record,
    $run_id,
    now()
from landing_rejects
