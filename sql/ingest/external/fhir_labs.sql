-- FHIR laboratory Observations as lab rows: CK by LOINC (vocabulary/lab_codes.csv) whatever
-- the category, other laboratory results by their LOINC code; the value and UCUM unit of
-- valueQuantity and the lab's own upper limit (the first referenceRange with a high).
with observations as (
    select
        line,
        doc,
        sw_fhir_code(doc->'code', 'loinc') as loinc,
        list_contains(
            coalesce(json_extract_string(doc, '$.category[*].coding[*].code'), []), 'laboratory'
        ) as is_laboratory
    from fhir_resources
    where resource_type = 'Observation'
)

select
    o.line as _line,
    left(cast(o.doc as varchar), 2000) as _record,
    sw_fhir_patient(o.doc) as patient_id,
    coalesce(
        o.doc->>'effectiveDateTime', o.doc->'effectivePeriod'->>'start', o.doc->>'issued'
    ) as collected_at,
    coalesce(c.test, o.loinc, sw_fhir_text(o.doc->'code')) as test,
    o.doc->'valueQuantity'->>'value' as value,
    coalesce(o.doc->'valueQuantity'->>'code', o.doc->'valueQuantity'->>'unit') as unit,
    list_filter(
        coalesce(json_extract(o.doc, '$.referenceRange[*]'), []),
        lambda r: (r->'high'->>'value') is not null
    )[1]->'high'->>'value' as ref_high,
    case
        when (o.doc->>'status') in ('cancelled', 'entered-in-error')
            then 'FHIR Observation status ' || (o.doc->>'status') || ': not a result'
    end as _reject
from observations o
left join vocab.lab_codes c on c.system = 'loinc' and c.code = o.loinc
where o.is_laboratory or c.code is not null
