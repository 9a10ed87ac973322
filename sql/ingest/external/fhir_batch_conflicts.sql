-- Whether a medication record of one file of the batch names a Medication (by
-- `Medication/<id>` or fullUrl) that another file of the batch holds: fhir_medications.sql
-- resolves such references within the whole table, so the batch would give one file's record
-- another file's drug. Such a batch is ingested one file at a time.
select exists (
    select 1
    from fhir_resources r,
        fhir_resources m
    where r.resource_type in ('MedicationRequest', 'MedicationStatement', 'MedicationDispense')
        and m.resource_type = 'Medication'
        and m._file <> r._file
        and (r.doc->'medicationReference'->>'reference')
        in (concat('Medication/', m.doc->>'id'), m.full_url)
)
