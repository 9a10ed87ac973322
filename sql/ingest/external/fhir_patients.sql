-- FHIR Patient resources as patient rows: id (or the Bundle entry's urn:uuid), birth date and
-- administrative gender as F / M / U.
select
    line as _line,
    left(cast(doc as varchar), 2000) as _record,
    sw_fhir_patient_id(doc, full_url) as patient_id,
    doc->>'birthDate' as birth_date,
    case doc->>'gender' when 'female' then 'F' when 'male' then 'M' when 'other' then 'U'
        when 'unknown' then 'U'
    end as sex,
    null as _reject
from fhir_resources
where resource_type = 'Patient'
