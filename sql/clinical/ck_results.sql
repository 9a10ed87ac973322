-- CK results as multiples of the result's own upper reference limit (sex-specific default
-- when the lab sent none), tiered as in the EAS consensus: <1, 1-4, 4-10, 10-40, >40 × ULN.
create or replace table clinical.ck_results as
select
    l.patient_id,
    l.collected_at,
    l.collected_date,
    l.value as ck_u_per_l,
    coalesce(l.ref_high, case p.sex when 'F' then $ck_uln_female when 'M' then $ck_uln_male else $ck_uln_unknown end)
        as uln_u_per_l,
    l.ref_high is null as uln_defaulted,
    l.value / coalesce(l.ref_high, case p.sex when 'F' then $ck_uln_female when 'M' then $ck_uln_male else $ck_uln_unknown end)
        as uln_multiple,
    cast($as_of as date) as as_of
from staging.labs l
left join staging.patients p using (patient_id)
where l.is_ck and l.collected_date <= $as_of
