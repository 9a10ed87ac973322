-- The files one run ingested, with their row accounting, for run_summary.json.
select
    path,
    stream,
    format,
    status,
    rows_read,
    accepted,
    quarantined,
    duplicates,
    reason
from ingest.files
where run_id = $run_id
order by file_id
