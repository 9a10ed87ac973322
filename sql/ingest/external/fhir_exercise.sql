-- FHIR activity Observations as exercise sessions: an "Exercise duration" (LOINC 55411-3)
-- observation is one session; its activity comes from an "Exercise activity" (73985-4)
-- component or the code text, its start from effectivePeriod / effectiveDateTime.
with sessions as (
    select
        line,
        doc,
        list_filter(
            coalesce(json_extract(doc, '$.component[*]'), []),
            lambda c: sw_fhir_code(c->'code', 'loinc') = '73985-4'
        )[1] as activity_component
    from fhir_resources
    where resource_type = 'Observation' and sw_fhir_code(doc->'code', 'loinc') = '55411-3'
)

select
    line as _line,
    left(cast(doc as varchar), 2000) as _record,
    sw_fhir_patient(doc) as patient_id,
    coalesce(doc->'effectivePeriod'->>'start', doc->>'effectiveDateTime') as start_time,
    round(
        try_cast(doc->'valueQuantity'->>'value' as double)
        * sw_unit_minutes(coalesce(doc->'valueQuantity'->>'code', doc->'valueQuantity'->>'unit')),
        2
    ) as duration_min,
    lower(coalesce(
        sw_fhir_text(activity_component->'valueCodeableConcept'),
        activity_component->>'valueString',
        'exercise'
    )) as activity,
    case
        when (doc->>'status') in ('cancelled', 'entered-in-error')
            then 'FHIR Observation status ' || (doc->>'status') || ': not a session'
    end as _reject
from sessions
