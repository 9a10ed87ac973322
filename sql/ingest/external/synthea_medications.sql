-- Synthea medications.csv as prescription rows: DESCRIPTION is the drug, CODE its RxNorm
-- clinical drug (strength comes from it in staging), START / STOP the dates; an empty STOP
-- means the medication is still taken.
select
    _line,
    _record,
    patient as patient_id,
    description as drug,
    code as rxnorm,
    start as start_date,
    nullif(stop, '') as end_date,
    'prescription' as record_type,
    case when sw_blank(stop) then 'active' else 'completed' end as status,
    null as _reject
from source_rows
