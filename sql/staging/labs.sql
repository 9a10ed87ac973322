-- Lab results with CK recognised by name or LOINC 2157-6 and converted to U/L (µkat/L × 60),
-- the lab's own upper limit converted alike so CK can be read as a multiple of it.
create or replace view staging.labs_typed as
select
    patient_id,
    collected_at,
    cast(collected_at as date) as collected_date,
    case when sw_is_ck(test) then 'CK' else upper(test) end as test,
    sw_is_ck(test) as is_ck,
    case when sw_is_ck(test) then value * sw_ck_factor(unit) else value end as value,
    case when sw_is_ck(test) and sw_ck_factor(unit) is not null then 'U/L' else unit end as unit,
    case when sw_is_ck(test) then ref_high * sw_ck_factor(unit) else ref_high end as ref_high,
    file_id,
    line
from raw.labs
