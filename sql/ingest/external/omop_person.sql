-- OMOP CDM person rows as patient rows: person_id is the patient (every OMOP table names
-- the person by it). Birth date from birth_datetime, else year/month/day_of_birth; a person
-- with a year only is placed mid-year (1 July), so an age is off by half a year at most.
-- Sex from gender_concept_id (8507 male, 8532 female), else gender_source_value; anything
-- else is unknown (U).
select
    _line,
    _record,
    person_id as patient_id,
    coalesce(
        cast(cast(try_cast(birth_datetime as timestamp) as date) as varchar),
        case
            when sw_blank(year_of_birth) then null
            when sw_blank(month_of_birth) then trim(year_of_birth) || '-07-01'
            else trim(year_of_birth) || '-' || lpad(trim(month_of_birth), 2, '0') || '-'
                || lpad(coalesce(nullif(trim(day_of_birth), ''), '1'), 2, '0')
        end
    ) as birth_date,
    case
        when trim(gender_concept_id) = '8507' then 'M'
        when trim(gender_concept_id) = '8532' then 'F'
        when upper(trim(gender_source_value)) in ('M', 'MALE') then 'M'
        when upper(trim(gender_source_value)) in ('F', 'FEMALE') then 'F'
        else 'U'
    end as sex,
    null as _reject
from source_rows
