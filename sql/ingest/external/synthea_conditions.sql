-- Synthea conditions.csv rows coded as muscle symptoms (vocabulary/muscle_symptom_codes.csv;
-- SNOMED unless a SYSTEM column says otherwise) as symptom rows reported at START, the onset,
-- and again at STOP when it came later, the last day it was present (as a FHIR Condition's
-- abatement, fhir_symptoms.sql). Other conditions are not symptom reports and are not rows.
with coded as (
    select
        r._line,
        r._record,
        r.patient as patient_id,
        r.start,
        r.stop,
        s.symptom,
        'Condition: ' || r.description || ' (' || s.system || ' ' || r.code || ')' as notes
    from source_rows r
    join vocab.muscle_symptom_codes s
        on s.system = coalesce(sw_code_system(r.system), 'snomed')
            and sw_code_key(s.code) = sw_code_key(r.code)
)

select
    _line,
    _record,
    patient_id,
    start as reported_at,
    symptom,
    notes,
    null as _reject
from coded
union all
select
    _line,
    _record,
    patient_id,
    stop,
    symptom,
    notes || ', abated',
    null
from coded
where try_cast(left(stop, 10) as date) > try_cast(left(start, 10) as date)
