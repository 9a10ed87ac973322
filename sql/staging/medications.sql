-- Medication records with the statin ingredient, daily dose, ACC/AHA intensity, any
-- interacting drug, and each record's exposure end, so the clinical rules never re-read text.
-- Statin: the code (CMS347 clinical-drug RxNorm, ingredient RxNorm or ATC) first, else a
-- generic, brand or ATC name in the text. Combination products count (Vytorin, Caduet);
-- bempedoic acid + ezetimibe does not, because no statin name or code is in it.
-- Strength: dose_mg as ordered, else the RxNorm strength, else the mg after the name (never a
-- suspension's mg/mL: without a volume per dose the dose is unknown).
-- End: end_date, else start + days_supply - 1, else open while active, else 30 days.
create or replace view staging.medications_typed as
with coded as (
    select
        m.*,
        lower(m.drug) as drug_text,
        coalesce(r.ingredient, c.ingredient) as code_statin,
        try_cast(r.strength_mg as double) as code_strength_mg
    from raw.medications m
    left join vocab.rxnorm_statins r on r.rxnorm = m.rxnorm
    left join vocab.statin_codes c on upper(c.code) = upper(m.rxnorm)
),

named as (
    select
        m.*,
        (
            select struct_pack(ingredient := n.ingredient, name := n.name)
            from (
                select
                    name,
                    ingredient,
                    kind
                from vocab.statin_names
                union all
                select
                    lower(code),
                    ingredient,
                    'code'
                from vocab.statin_codes
            ) n
            where regexp_matches(m.drug_text, '\b' || n.name || '\b')
            order by n.kind desc, length(n.name) desc
            limit 1
        ) as text_match,
        (
            select struct_pack(drug := i.drug, drug_class := i.drug_class)
            from vocab.interacting_drugs i
            where regexp_matches(m.drug_text, '\b' || i.name || '\b')
            order by length(i.name) desc
            limit 1
        ) as interaction_match
    from coded m
),

identified as (
    select
        n.*,
        coalesce(n.code_statin, n.text_match.ingredient) as statin,
        coalesce(
            n.dose_mg,
            n.code_strength_mg,
            sw_mg_after(n.drug_text, n.text_match.name)
        ) as strength_mg
    from named n
)

select
    i.patient_id,
    i.drug,
    i.rxnorm,
    i.statin,
    i.statin is not null as is_statin,
    i.strength_mg,
    i.doses_per_day,
    i.strength_mg * i.doses_per_day as daily_dose_mg,
    case
        when i.statin is null then null
        when i.strength_mg is null then 'unknown'
        else coalesce(
                (
                    select b.intensity from vocab.statin_intensity b
                    where b.ingredient = i.statin
                        and i.strength_mg * i.doses_per_day
                        between cast(b.min_daily_mg as double) and cast(b.max_daily_mg as double)
                ),
                'low'
            )
    end as intensity,
    i.interaction_match.drug as interacting_drug,
    i.interaction_match.drug_class as interacting_class,
    i.start_date,
    coalesce(
        i.end_date,
        i.start_date + i.days_supply - 1,
        case when i.status = 'active' then null else i.start_date + 29 end
    ) as exposure_end,
    i.end_date,
    i.days_supply,
    i.record_type,
    i.status,
    i.file_id,
    i.line
from identified i
