-- Sets aside a file that could not be read at all, as one quarantine entry without a line,
-- so the operator sees why none of its rows arrived.
insert into ingest.quarantine (file_id, stream, path, line, reason, record, run_id, quarantined_at)
values ($file_id, $stream, $path, null, 'whole file: ' || $reason, null, $run_id, now())
