-- Sets aside every row the reader or the schema rules rejected, with its file, line, reason
-- and record, so nothing read is ever dropped silently. The record is looked up for rejected
-- rows only: rendering every row as JSON cost more than validating it. Reader rejects exist
-- only when one file is read at a time, so they belong to the one file in batch_files.
insert into ingest.quarantine (file_id, stream, path, line, reason, record, run_id, quarantined_at)
select
    b.file_id,
    $stream,
    b.path,
    q.line,
    q.reason,
    q.record,
    $run_id,
    now()
from (
    select
        f.file_id,
        r.line,
        r.reason,
        r.record
    from landing_rejects r, (select any_value(file_id) as file_id from batch_files) f
    union all
    select
        p.file_id,
        p.line,
        p.reject_reason,
        l._record
    from parsed_rows p
    join landing_rows l on l._file_id = p.file_id and l._row = p._row
    where p.reject_reason is not null
) q
join batch_files b using (file_id)
