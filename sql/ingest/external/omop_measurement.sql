-- OMOP CDM measurement rows of CK (LOINC 2157-6, vocabulary/lab_codes.csv) as lab rows: the
-- LOINC code is the measurement concept's (omop.concept), else measurement_source_value.
-- The unit is the unit concept's UCUM code, else unit_source_value; range_high is the lab's
-- upper reference limit. Other measurements (vital signs, other tests) are not rows.
select
    r._line,
    r._record,
    r.person_id as patient_id,
    coalesce(nullif(trim(r.measurement_datetime), ''), r.measurement_date) as collected_at,
    l.test,
    r.value_as_number as value,
    coalesce(
        case when u.vocabulary_id = 'UCUM' then u.concept_code end,
        nullif(trim(r.unit_source_value), '')
    ) as unit,
    r.range_high as ref_high,
    null as _reject
from source_rows r
left join omop.concept c on c.concept_id = try_cast(r.measurement_concept_id as bigint)
left join omop.concept u on u.concept_id = try_cast(r.unit_concept_id as bigint)
join vocab.lab_codes l
    on
        l.system = 'loinc'
        and l.code = coalesce(
            case when c.vocabulary_id = 'LOINC' then c.concept_code end,
            trim(r.measurement_source_value)
        )
