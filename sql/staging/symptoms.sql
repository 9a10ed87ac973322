-- Symptom reports with free-text symptom names folded onto the contract's vocabulary and a
-- flag for the ones that are muscle symptoms. Tendon pain and fatigue are kept apart; an
-- "other" complaint counts when it names a body site, because patients file the same ache
-- under "other" between myalgia reports and dropping it would break one episode in two.
-- Exercise notes are read by the free-text matcher (sql/schema/02_symptom_matcher.sql): a note
-- affirming weakness, cramps or muscle pain is a report of that symptom when the session ended;
-- the log's soreness score never is. An "other" complaint whose notes name one takes it.
create or replace view staging.symptoms_typed as
with reports as (
    select
        patient_id,
        reported_at,
        symptom,
        severity,
        body_site,
        side,
        nocturnal,
        dark_urine,
        notes,
        file_id,
        line
    from raw.symptoms
    union all
    select
        patient_id,
        start_time + to_microseconds(cast(duration_min * 60000000 as bigint)),
        sw_muscle_mention(notes),
        null,
        null,
        null,
        null,
        null,
        'exercise note: ' || notes,
        file_id,
        line
    from raw.exercise
    where sw_muscle_mention(notes) is not null
),

normalised as (
    select
        *,
        case
            when symptom = 'other' and sw_muscle_mention(notes) is not null
                then sw_muscle_mention(notes)
            when symptom in (
                    'myalgia', 'cramp', 'weakness', 'tenderness', 'tendon_pain',
                    'stiffness', 'fatigue', 'other'
                ) then symptom
            when regexp_matches(symptom, 'tendon|achilles|tendin') then 'tendon_pain'
            when regexp_matches(symptom, 'cramp|spasm|charley') then 'cramp'
            when regexp_matches(symptom, 'weak') then 'weakness'
            when regexp_matches(symptom, 'tender') then 'tenderness'
            when regexp_matches(symptom, 'stiff') then 'stiffness'
            when regexp_matches(symptom, 'tired|fatigue|exhaust') then 'fatigue'
            when regexp_matches(symptom, 'myalg|muscle|\bache|\baching|\bsore|\bpain')
                then 'myalgia'
            else coalesce(sw_muscle_mention(notes), 'other')
        end as symptom_code
    from reports
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
    coalesce(nocturnal, sw_night_cramp_mention(notes)) as nocturnal,
    coalesce(dark_urine, false) as dark_urine,
    notes,
    file_id,
    line
from normalised
