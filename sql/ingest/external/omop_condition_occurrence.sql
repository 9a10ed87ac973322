-- OMOP CDM condition_occurrence rows coded as muscle symptoms (vocabulary/
-- muscle_symptom_codes.csv) as symptom rows reported at the condition's start, its onset,
-- and again at its end date when later, the last day it was present (as a FHIR Condition's
-- abatement, fhir_symptoms.sql).
-- The code is looked for, in this order, as the condition concept's (omop.concept, SNOMED),
-- the source concept's (SNOMED or ICD-10-CM), then condition_source_value read as a SNOMED
-- code (digits) or an ICD-10 code; the first that is a muscle symptom names it. Other
-- conditions are not symptom reports and are not rows.
with codes as (
    select
        r._line,
        1 as priority,
        sw_code_system(c.vocabulary_id) as system,
        c.concept_code as code,
        c.concept_name as name
    from source_rows r
    join omop.concept c on c.concept_id = try_cast(r.condition_concept_id as bigint)
    union all
    select
        r._line,
        2 as priority,
        sw_code_system(c.vocabulary_id) as system,
        c.concept_code as code,
        c.concept_name as name
    from source_rows r
    join omop.concept c on c.concept_id = try_cast(r.condition_source_concept_id as bigint)
    union all
    select
        _line,
        3 as priority,
        case
            when regexp_full_match(trim(condition_source_value), '[0-9]{6,18}') then 'snomed'
            else 'icd10'
        end as system,
        trim(condition_source_value) as code,
        null as name
    from source_rows
    where not sw_blank(condition_source_value)
),

symptoms as (
    select
        c._line,
        s.symptom,
        coalesce(c.name, s.display) as name,
        upper(s.system) || ' ' || s.code as coded
    from codes c
    join vocab.muscle_symptom_codes s
        on s.system = c.system and sw_code_key(s.code) = sw_code_key(c.code)
    qualify row_number() over (partition by c._line order by c.priority) = 1
)

select
    r._line,
    r._record,
    r.person_id as patient_id,
    coalesce(nullif(trim(r.condition_start_datetime), ''), r.condition_start_date) as reported_at,
    s.symptom,
    'Condition: ' || s.name || ' (' || s.coded || ')' as notes,
    null as _reject
from source_rows r
join symptoms s on s._line = r._line
union all
select
    r._line,
    r._record,
    r.person_id,
    r.condition_end_date,
    s.symptom,
    'Condition: ' || s.name || ' (' || s.coded || '), abated',
    null
from source_rows r
join symptoms s on s._line = r._line
where try_cast(r.condition_end_date as date) > try_cast(left(r.condition_start_date, 10) as date)
