-- Synthea observations.csv laboratory results as lab rows: CK by LOINC 2157-6 (vocabulary/
-- lab_codes.csv) and every numeric result of the laboratory category, with its units.
-- Vital signs, surveys and text results are not lab rows, nor is urine colour (LOINC 5778-6),
-- a nominal finding read only as dark urine (synthea_urine_colour.sql), whatever the file's
-- TYPE says. Synthea gives no reference range.
select
    r._line,
    r._record,
    r.patient as patient_id,
    r.date as collected_at,
    coalesce(c.test, r.code) as test,
    r.value,
    r.units as unit,
    null as _reject
from source_rows r
left join vocab.lab_codes c on c.system = 'loinc' and c.code = r.code
where (c.code is not null or r.category = 'laboratory') and coalesce(r.type, 'numeric') = 'numeric'
    and r.code is distinct from '5778-6'
