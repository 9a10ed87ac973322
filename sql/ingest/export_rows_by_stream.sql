-- What the exports ingested by one run brought to each stream (native files are csv, parquet
-- or jsonl; an export's own name is its format), for the asset's metadata. Rows no stream took
-- (reader rejects, skipped rows) are listed under the export's family, e.g. synthea.
select
    s.stream,
    sum(s.rows_read) as rows_read,
    sum(s.accepted) as accepted,
    sum(s.quarantined) as quarantined,
    sum(s.duplicates) as duplicates,
    sum(s.skipped) as skipped
from ingest.file_streams s
join ingest.files f using (file_id)
where f.run_id = $run_id and f.format not in ('csv', 'parquet', 'jsonl')
group by s.stream
order by s.stream
