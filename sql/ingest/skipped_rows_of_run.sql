-- Why the exports ingested by one run skipped rows, per file and reason, for the asset's
-- metadata.
select
    f.path,
    s.reason,
    s.skipped
from ingest.skipped_rows s
join ingest.files f using (file_id)
where f.run_id = $run_id
order by f.file_id asc, s.skipped desc, s.reason asc
