-- Symptom reports with free-text symptom names folded onto the contract's vocabulary and a
-- flag for the ones that are muscle symptoms. Tendon pain and fatigue are kept apart; an
-- "other" complaint counts when it names a body site, because patients file the same ache
-- under "other" between myalgia reports and dropping it would break one episode in two.
create or replace table staging.symptoms as
with normalised as (
    select
        *,
        case
            when symptom in ('myalgia', 'cramp', 'weakness', 'tenderness', 'tendon_pain',
                             'stiffness', 'fatigue', 'other') then symptom
            when regexp_matches(symptom, 'tendon|achilles|tendin') then 'tendon_pain'
            when regexp_matches(symptom, 'cramp|spasm|charley') then 'cramp'
            when regexp_matches(symptom, 'weak') then 'weakness'
            when regexp_matches(symptom, 'tender') then 'tenderness'
            when regexp_matches(symptom, 'stiff') then 'stiffness'
            when regexp_matches(symptom, 'tired|fatigue|exhaust') then 'fatigue'
            when regexp_matches(symptom, 'myalg|muscle|\bache|\baching|\bsore|\bpain') then 'myalgia'
            else 'other'
        end as symptom_code
    from raw.symptoms
)
select
    patient_id,
    reported_at,
    cast(reported_at as date) as report_date,
    symptom as symptom_text,
    symptom_code as symptom,
    symptom_code in ('myalgia', 'cramp', 'weakness', 'tenderness', 'stiffness')
        or (symptom_code = 'other' and body_site is not null) as is_muscle_symptom,
    severity,
    body_site,
    side,
    coalesce(nocturnal, false) as nocturnal,
    coalesce(dark_urine, false) as dark_urine,
    notes,
    file_id,
    line
from normalised
