-- FHIR heart-rate Observations (LOINC 8867-4, US Core and the vital-signs profile) as
-- heart-rate samples for heart_rate_minutes.sql: valueQuantity in beats per minute (UCUM /min
-- or {beats}/min), at effectiveDateTime, effectiveInstant or the period's start. Another unit,
-- or a cancelled or entered-in-error observation, is refused.
create or replace temp view heart_rate_samples as
with observations as (
    select
        *,
        coalesce(
            doc->>'effectiveDateTime', doc->>'effectiveInstant', doc->'effectivePeriod'->>'start'
        ) as taken_at
    from fhir_resources
    where resource_type = 'Observation' and sw_fhir_code(doc->'code', 'loinc') = '8867-4'
)

select
    line as _line,
    sw_fhir_patient(doc) as patient_id,
    taken_at,
    sw_wall_ts(taken_at) as wall_ts,
    sw_offset_min(taken_at) as utc_offset_min,
    doc->'valueQuantity'->>'value' as bpm,
    case
        when (doc->>'status') in ('cancelled', 'entered-in-error')
            then 'FHIR Observation status ' || (doc->>'status') || ': not a measurement'
        when
            lower(coalesce(doc->'valueQuantity'->>'code', doc->'valueQuantity'->>'unit', ''))
            not in ('/min', '{beats}/min', '{beat}/min', 'beats/min', 'beats/minute', 'bpm')
            then 'FHIR heart rate in ' || coalesce(
                    sw_shown(
                        coalesce(doc->'valueQuantity'->>'code', doc->'valueQuantity'->>'unit')
                    ),
                    'no unit'
                ) || ': expected /min'
    end as _reject
from observations
