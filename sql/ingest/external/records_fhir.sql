-- The records of a FHIR file, each a row read (docs/formats.md "Accounting"): every resource,
-- by its line, with the reason it is skipped when no mapping takes it. Patients are always
-- taken, medication records unless they record no exposure (sw_fhir_no_exposure); of the kinds
-- mapped in part, the reason says which part. A type is named only when it looks like one, so
-- no free text of the file reaches the metadata.
create or replace temp table export_records as
select
    line,
    case
        when resource_type in ('MedicationRequest', 'MedicationStatement', 'MedicationDispense')
            then sw_fhir_no_exposure(resource_type, doc)
        when resource_type = 'Observation'
            then 'FHIR Observation that is not a laboratory result, an exercise duration or a '
                || 'heart rate'
        when
            resource_type = 'Condition'
            and sw_fhir_condition_over(doc)
            and sw_fhir_onset(doc) is null
            and sw_fhir_abatement(doc) is null
            then 'FHIR Condition no longer active, with no onset or abatement date: history'
        when resource_type = 'Condition' then 'FHIR Condition that is not a muscle symptom'
        when resource_type in ('AllergyIntolerance', 'AdverseEvent')
            then 'FHIR ' || resource_type || ' that names no statin'
        when resource_type = 'QuestionnaireResponse'
            then 'FHIR QuestionnaireResponse to another questionnaire'
        when resource_type = 'Medication'
            then 'FHIR Medication: read only as the drug of the records that name it'
        when regexp_full_match(resource_type, '[A-Z][A-Za-z]{1,63}')
            then 'FHIR resource type ' || resource_type || ' not used'
        else 'FHIR resource of no known type'
    end as skip_reason
from fhir_resources
