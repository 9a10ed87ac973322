-- Per FHIR file that holds a Patient, its resources whose subject (or patient) is another
-- patient: a resource is followed to the patient it names, which is right, but a Bundle
-- mixing patients is worth an operator's look, so it is counted (run_summary.json
-- `other_patient_resources`, docs/formats.md "FHIR").
insert into ingest.other_patient_resources
with own_patients as (
    select
        _file,
        sw_fhir_patient_id(doc, full_url) as patient_id
    from fhir_resources
    where resource_type = 'Patient'
)

select
    r._file as file_id,
    count(*) as resources
from fhir_resources r
where r.resource_type <> 'Patient'
    and sw_fhir_patient(r.doc) is not null
    and r._file in (select _file from own_patients)
    and not exists (
        select 1
        from own_patients p
        where p._file = r._file and p.patient_id = sw_fhir_patient(r.doc)
    )
group by r._file
