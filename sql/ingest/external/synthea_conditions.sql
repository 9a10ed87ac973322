-- Synthea conditions.csv rows coded as muscle symptoms (vocabulary/muscle_symptom_codes.csv;
-- SNOMED unless a SYSTEM column says otherwise) as symptom rows reported at START, the
-- onset. Other conditions are not symptom reports and are not rows.
select
    r._line,
    r._record,
    r.patient as patient_id,
    r.start as reported_at,
    s.symptom,
    'Condition: ' || r.description || ' (' || s.system || ' ' || r.code || ')' as notes,
    null as _reject
from source_rows r
join vocab.muscle_symptom_codes s
    on s.system = coalesce(sw_code_system(r.system), 'snomed')
        and sw_code_key(s.code) = sw_code_key(r.code)
