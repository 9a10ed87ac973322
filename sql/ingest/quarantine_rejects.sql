-- Sets aside the records an export's reader or mapping rejected before they could be given
-- to a stream (a malformed CSV record, a line that is not a JSON object, a record that is no
-- exposure), with file, line and reason: each record under the file it came from.
insert into ingest.quarantine (file_id, stream, path, line, reason, record, run_id, quarantined_at)
select
    f.file_id,
    $stream,
    b.path,
    f.file_line,
    r.reason,
    r.record,
    $run_id,
    now()
from landing_rejects r
join record_files f using (line)
join batch_files b using (file_id)
