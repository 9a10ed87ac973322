-- The files one run ingested, with their row accounting, their skipped rows by reason (a
-- JSON object, {} when nothing was skipped) and, for FHIR, their resources about a patient
-- other than the file's own, for run_summary.json.
select
    f.path,
    f.stream,
    f.format,
    f.status,
    f.rows_read,
    f.accepted,
    f.quarantined,
    f.duplicates,
    f.skipped,
    coalesce(s.reasons, '{}') as skipped_reasons,
    coalesce(o.resources, 0) as other_patient_resources,
    f.reason
from ingest.files f
left join (
    select
        file_id,
        cast(
            to_json(map_from_entries(list((reason, skipped) order by skipped desc, reason asc)))
            as varchar
        ) as reasons
    from ingest.skipped_rows
    group by file_id
) s using (file_id)
left join ingest.other_patient_resources o using (file_id)
where f.run_id = $run_id
order by f.file_id
