-- Symptom reports with free-text symptom names folded onto the contract's vocabulary and a
-- flag for the ones that are muscle symptoms. What is a muscle comes from
-- vocabulary/body_regions.csv: the words of the body site and the complaint are looked up,
-- and a complaint that names only non-muscle regions (head, chest, abdomen, joints, feet) is
-- not a muscle symptom, however it is worded ("chest pain", "joint pain", "tension headache"),
-- unless it names a muscle itself ("neck muscles", a cramp). Tendon pain and fatigue are kept
-- apart; an "other" complaint counts when its site is a muscle region, because patients file
-- the same ache under "other" between myalgia reports.
-- Exercise notes are read by the free-text matcher (sql/schema/02_symptom_matcher.sql): a note
-- affirming weakness, cramps or muscle pain is a report of that symptom at the session's own
-- time; the log's soreness score never is. An "other" complaint whose notes name one takes it.
-- `reports` feeds two CTEs; not materialised, so an append's filter on file_id reaches the
-- raw scans (materialised, every daily run typed all of history: 3.5 s at 100k patients).
create or replace view staging.symptoms_typed as
with reports as not materialized (
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
        line,
        false as from_note
    from raw.symptoms
    union all
    select
        patient_id,
        start_time,
        sw_muscle_mention(notes),
        null,
        null,
        null,
        null,
        null,
        'exercise note: ' || notes,
        file_id,
        line,
        true
    from raw.exercise
    where sw_muscle_mention(notes) is not null
),

report_words as (
    -- The words of each reported complaint's site and name (a report is its file and line;
    -- a cramp or ache from an exercise note names a muscle already).
    select
        file_id,
        line,
        unnest(string_split_regex(
            lower(coalesce(body_site, '') || ' ' || coalesce(symptom, '')), '[^a-z]+'
        )) as word
    from reports
    where not from_note
),

named_regions as (
    select
        w.file_id,
        w.line,
        bool_or(r.is_muscle = 'true') as names_muscle,
        bool_or(r.is_muscle = 'false') as names_other_region,
        -- Sorted: a set of regions, the same list whatever order the words came in.
        list_sort(list_distinct(list(r.region) filter (where r.is_muscle = 'true')))
            as muscle_regions
    from report_words w
    inner join vocab.body_regions r on w.word = r.word
    group by w.file_id, w.line
),

normalised as (
    select
        reports.*,
        coalesce(n.names_muscle, false) as names_muscle,
        coalesce(n.names_other_region and not n.names_muscle, false) as names_only_other_region,
        n.muscle_regions,
        case
            when symptom = 'other' and sw_muscle_mention(notes) is not null
                then sw_muscle_mention(notes)
            when symptom in (
                    'myalgia', 'cramp', 'weakness', 'tenderness', 'tendon_pain',
                    'stiffness', 'fatigue', 'other'
                ) then symptom
            -- Diagnoses (coded ones arrive named so, vocabulary/muscle_symptom_codes.csv):
            -- non-traumatic rhabdomyolysis, and drug-induced myopathy or myositis.
            when
                regexp_matches(symptom, 'rhabdomyoly')
                and not (
                    regexp_matches(symptom, 'traumatic|crush')
                    and not regexp_matches(symptom, 'non.?traumatic')
                )
                then 'rhabdomyolysis'
            when
                symptom = 'myopathy'
                or regexp_matches(symptom, 'myositis|(drug|statin|toxic).{0,12}myopath')
                then 'myopathy'
            -- A recorded statin intolerance or allergy: a risk modifier, not a symptom itself.
            when regexp_matches(symptom, 'statin.{0,12}(intoleran|allerg)')
                then 'statin_intolerance'
            when regexp_matches(symptom, 'tendon|achilles|tendin') then 'tendon_pain'
            when regexp_matches(symptom, 'cramp|spasm|charley') then 'cramp'
            when regexp_matches(symptom, 'weak') then 'weakness'
            when regexp_matches(symptom, 'tender') then 'tenderness'
            when regexp_matches(symptom, 'stiff') then 'stiffness'
            when regexp_matches(symptom, 'tired|fatigue|exhaust') then 'fatigue'
            when
                regexp_matches(symptom, 'myalg|muscle|\bache|\baching|\bsore|\bpain')
                and not coalesce(n.names_other_region and not n.names_muscle, false)
                then 'myalgia'
            else coalesce(sw_muscle_mention(notes), 'other')
        end as symptom_code
    from reports
    left join named_regions n
        on reports.file_id = n.file_id and reports.line = n.line and not reports.from_note
)

select
    patient_id,
    reported_at,
    cast(reported_at as date) as report_date,
    symptom as symptom_text,
    symptom_code as symptom,
    symptom_code in ('myalgia', 'cramp', 'weakness', 'rhabdomyolysis', 'myopathy')
    or (symptom_code in ('tenderness', 'stiffness') and not names_only_other_region)
    or (symptom_code = 'other' and names_muscle) as is_muscle_symptom,
    coalesce(muscle_regions, cast([] as varchar[])) as muscle_regions,
    severity,
    body_site,
    side,
    coalesce(nocturnal, sw_night_cramp_mention(notes)) as nocturnal,
    coalesce(dark_urine, false) as dark_urine,
    notes,
    file_id,
    line
from normalised
