-- Synthea observations.csv urine colour (LOINC 5778-6) recorded as dark, brown, cola or tea
-- coloured, as a dark-urine report: with muscle symptoms it is the urgent sign of
-- myoglobinuria (CONTRACT §5, clinical.md §8). Red is not taken: it is more often blood, which
-- the report does not judge; dark yellow or amber is concentrated urine. Other colours are
-- normal findings, not symptom reports.
select
    r._line,
    r._record,
    r.patient as patient_id,
    r.date as reported_at,
    'dark urine' as symptom,
    'true' as dark_urine,
    'Observation: ' || r.description || ' = ' || r.value || ' (LOINC 5778-6)' as notes,
    null as _reject
from source_rows r
where r.code = '5778-6'
    and (
        regexp_matches(lower(r.value), '\b(brown|cola|tea)\b')
        or (
            regexp_matches(lower(r.value), '\bdark\b')
            and not regexp_matches(lower(r.value), 'yellow|amber|straw')
        )
    )
