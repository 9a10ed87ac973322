-- Medication records with the statin ingredient and daily dose identified, and each
-- record's exposure end, so eras can be built without re-reading free text.
-- Statin: RxNorm code from the CMS347 value sets first, else a generic or brand name in the
-- text (combination products such as Vytorin or Caduet count; bempedoic acid does not).
-- Strength: dose_mg as ordered, else the RxNorm strength, else the number after the name.
-- End: end_date, else start + days_supply - 1, else open while active, else 30 days.
create or replace table staging.medications as
with named as (
    select
        m.*,
        lower(m.drug) as drug_text,
        (
            select n.ingredient
            from vocab.statin_names n
            where regexp_matches(lower(m.drug), '\b' || n.name || '\b')
            order by n.kind desc, length(n.name) desc
            limit 1
        ) as text_statin,
        (
            select n.name
            from vocab.statin_names n
            where regexp_matches(lower(m.drug), '\b' || n.name || '\b')
            order by n.kind desc, length(n.name) desc
            limit 1
        ) as text_statin_name,
        (
            select i.drug
            from vocab.interacting_drugs i
            where regexp_matches(lower(m.drug), '\b' || i.name || '\b')
            order by length(i.name) desc
            limit 1
        ) as interacting_drug
    from raw.medications m
),
identified as (
    select
        n.*,
        coalesce(r.ingredient, n.text_statin) as statin,
        coalesce(
            n.dose_mg,
            try_cast(r.strength_mg as double),
            try_cast(regexp_extract(n.drug_text, n.text_statin_name || '\D{0,30}?(\d+(?:\.\d+)?)\s*mg', 1) as double)
        ) as strength_mg
    from named n
    left join vocab.rxnorm_statins r on r.rxnorm = n.rxnorm
)
select
    patient_id,
    drug,
    rxnorm,
    statin,
    statin is not null as is_statin,
    strength_mg,
    doses_per_day,
    strength_mg * doses_per_day as daily_dose_mg,
    interacting_drug,
    start_date,
    coalesce(
        end_date,
        start_date + days_supply - 1,
        case when status = 'active' then null else start_date + 29 end
    ) as exposure_end,
    end_date,
    days_supply,
    record_type,
    status,
    file_id,
    line
from identified
