-- FHIR resources that report muscle symptoms, as symptom rows (docs/formats.md "FHIR"):
-- * Condition coded in vocabulary/muscle_symptom_codes.csv (SNOMED, ICD-10, the CMS347
--   "Statin Associated Muscle Symptoms" and rhabdomyolysis value sets, a diagnosis named as
--   such), or whose text the free-text matcher reads as a muscle complaint; reported at its
--   onset and, when it has abated since, again at its abatement, the last day it was present.
--   A condition that is over (inactive, resolved, remission, abated) is history: dated by its
--   onset, else its abatement, never by when it was recorded; over with neither date, it is
--   not taken (records_fhir.sql says why).
-- * QuestionnaireResponse to the statinwatch muscle-symptom questionnaire: one row per
--   answered symptom, with onset, severity, sites, side, nocturnal and dark urine.
-- * AllergyIntolerance and AdverseEvent naming a statin: a "statin intolerance" row (a risk
--   modifier, not a muscle symptom itself) and, when the reaction is a muscle symptom, a row
--   of that symptom too.
-- Refuted, entered-in-error and merely potential records are quarantined with that reason.
with symptom_codes as (
    select
        r.line,
        s.symptom,
        coding.display,
        coding.system,
        coding.code
    from fhir_resources r,
        unnest(sw_fhir_codings(coalesce(r.doc->'code', r.doc->'event'))) t (coding),
        vocab.muscle_symptom_codes s
    where r.resource_type in ('Condition', 'AdverseEvent')
        and s.system = coding.system and sw_code_key(s.code) = sw_code_key(coding.code)
    qualify
        row_number() over (
            partition by r.line order by sw_muscle_code_rank(s.symptom)
        ) = 1
),

conditions as (
    select
        r.line,
        r.doc,
        coalesce(c.symptom, sw_muscle_mention(sw_fhir_text(r.doc->'code'))) as symptom,
        coalesce(c.display, sw_fhir_text(r.doc->'code')) as display,
        c.system,
        c.code,
        sw_fhir_codings(r.doc->'verificationStatus')[1].code as verification,
        sw_fhir_codings(r.doc->'verificationStatus')[1].code
        in ('unconfirmed', 'provisional', 'differential') as is_suspected
    from fhir_resources r
    left join symptom_codes c using (line)
    where r.resource_type = 'Condition'
),

condition_course as (
    -- A diagnosis only suspected (verificationStatus unconfirmed, provisional, differential)
    -- is not the recorded diagnosis CONTRACT §5 escalates on: it counts as the muscle
    -- complaint it stands for.
    select
        * replace (
            case
                when symptom in ('rhabdomyolysis', 'myopathy') and is_suspected then 'myalgia'
                else symptom
            end as symptom
        ),
        sw_fhir_onset(doc) as onset_at,
        sw_fhir_abatement(doc) as abated_at,
        sw_fhir_condition_over(doc) as is_over
    from conditions
    where symptom is not null
),

condition_days as (
    -- Its onset (else, for a problem still active, the day it was recorded; for one over, its
    -- abatement), and its abatement when that came later.
    select
        *,
        coalesce(
            onset_at, case when is_over then abated_at else doc->>'recordedDate' end
        ) as reported_at,
        false as is_abatement
    from condition_course
    where onset_at is not null or abated_at is not null or not is_over
    union all
    select
        *,
        abated_at,
        true
    from condition_course
    where try_cast(left(abated_at, 10) as date) > try_cast(left(onset_at, 10) as date)
),

condition_rows as (
    select
        line as _line,
        left(cast(doc as varchar), 2000) as _record,
        sw_fhir_patient(doc) as patient_id,
        reported_at,
        symptom,
        lower(sw_fhir_text(doc->'bodySite'->0)) as body_site,
        'Condition: ' || display || coalesce(' (' || system || ' ' || code || ')', '')
        || case when is_suspected then ', ' || verification else '' end
        || case when is_abatement then ', abated' else '' end as notes,
        case
            when verification in ('refuted', 'entered-in-error')
                then 'FHIR Condition ' || verification || ': not a symptom'
        end as _reject
    from condition_days
),

responses as (
    select
        line,
        doc,
        list_concat(
            coalesce(json_extract(doc, '$.item[*]'), []),
            coalesce(json_extract(doc, '$.item[*].item[*]'), [])
        ) as items
    from fhir_resources
    where resource_type = 'QuestionnaireResponse'
        and (doc->>'questionnaire') like '%statinwatch-muscle-symptoms%'
),

answers as (
    select
        line,
        doc,
        list_transform(
            flatten(list_transform(
                list_filter(items, lambda i: (i->>'linkId') = 'symptom'),
                lambda i: coalesce(json_extract(i, '$.answer[*]'), [])
            )),
            lambda a: coalesce(a->'valueCoding'->>'code', a->>'valueString')
        ) as symptoms,
        map_from_entries(list_transform(
            list_filter(items, lambda i: (i->>'linkId') <> 'symptom'),
            lambda i: struct_pack(
                k := i->>'linkId',
                v := array_to_string(list_transform(
                    coalesce(json_extract(i, '$.answer[*]'), []),
                    lambda a: coalesce(
                        a->'valueCoding'->>'code', a->>'valueString', a->>'valueInteger',
                        a->>'valueDecimal', a->>'valueBoolean', a->>'valueDate', a->>'valueDateTime'
                    )
                ), ', ')
            )
        )) as answer
    from responses
),

response_rows as (
    select
        line as _line,
        left(cast(doc as varchar), 2000) as _record,
        sw_fhir_patient(doc) as patient_id,
        coalesce(answer['onset'], doc->>'authored') as reported_at,
        coalesce(reported.symptom, sw_muscle_mention(answer['notes'])) as symptom,
        answer['severity'] as severity,
        lower(answer['body-site']) as body_site,
        lower(answer['side']) as side,
        answer['nocturnal'] as nocturnal,
        answer['dark-urine'] as dark_urine,
        answer['notes'] as notes,
        case
            when (doc->>'status') not in ('completed', 'amended')
                then 'FHIR QuestionnaireResponse status ' || (doc->>'status')
                    || ': not a completed report'
            when reported.symptom is null and sw_muscle_mention(answer['notes']) is null
                then 'questionnaire reports no muscle symptom'
        end as _reject
    from answers
    left join unnest(
        case when len(symptoms) = 0 then [null] else symptoms end
    ) reported (symptom) on true
),

intolerances as (
    select
        r.line,
        r.doc,
        r.resource_type,
        coalesce(r.doc->'code', r.doc->'event') as substance,
        array_to_string(list_filter(
            [sw_fhir_text(coalesce(r.doc->'code', r.doc->'event'))]
            || json_extract_string(r.doc, '$.suspectEntity[*].instance.display'),
            lambda t: t is not null
        ), ' ') as substance_text,
        array_to_string(list_filter(
            json_extract_string(r.doc, '$.reaction[*].manifestation[*].text')
            || json_extract_string(r.doc, '$.reaction[*].manifestation[*].coding[*].display')
            || json_extract_string(r.doc, '$.reaction[*].description'),
            lambda t: t is not null
        ), '. ') as reaction_text,
        list_transform(
            flatten(list_transform(
                coalesce(json_extract(r.doc, '$.reaction[*].manifestation[*]'), []),
                lambda m: sw_fhir_codings(m)
            )),
            lambda c: c.system || '|' || sw_code_key(c.code)
        ) as reaction_codes
    from fhir_resources r
    where r.resource_type in ('AllergyIntolerance', 'AdverseEvent')
),

statin_substances as (
    select i.line
    from intolerances i, unnest(sw_fhir_codings(i.substance)) t (coding)
    where
        (
            coding.system = 'rxnorm'
            and (
                coding.code in (select code from vocab.statin_codes where system = 'rxnorm')
                or coding.code in (select rxnorm from vocab.rxnorm_statins)
            )
        )
        or (coding.system, coding.code) in (
            select
                system,
                code
            from vocab.statin_substance_codes
        )
    union
    select i.line
    from intolerances i, vocab.statin_names n
    where regexp_matches(lower(i.substance_text), '\b' || n.name || '\b')
),

reactions as (
    select
        i.line,
        s.symptom
    from intolerances i, vocab.muscle_symptom_codes s
    where list_contains(i.reaction_codes, s.system || '|' || sw_code_key(s.code))
    qualify
        row_number() over (
            partition by i.line order by sw_muscle_code_rank(s.symptom)
        ) = 1
),

intolerance_rows as (
    select
        i.line as _line,
        left(cast(i.doc as varchar), 2000) as _record,
        sw_fhir_patient(i.doc) as patient_id,
        coalesce(
            i.doc->>'onsetDateTime', i.doc->'onsetPeriod'->>'start', i.doc->'reaction'->0->>'onset',
            i.doc->>'date', i.doc->>'detected', i.doc->>'recordedDate', i.doc->>'lastOccurrence'
        ) as reported_at,
        reported.symptom,
        i.resource_type || ': statin intolerance (' || i.substance_text || ')'
        || coalesce(', reaction: ' || nullif(i.reaction_text, ''), '') as notes,
        case
            when
                sw_fhir_codings(i.doc->'verificationStatus')[1].code
                in ('refuted', 'entered-in-error')
                then 'FHIR ' || i.resource_type || ' '
                    || sw_fhir_codings(i.doc->'verificationStatus')[1].code
                    || ': not an intolerance'
            when (i.doc->>'actuality') = 'potential'
                then 'FHIR AdverseEvent is only potential: nothing happened'
        end as _reject
    from intolerances i
    semi join statin_substances using (line)
    left join reactions r using (line)
    left join symptom_codes c using (line)
    cross join unnest(list_filter(
        ['statin intolerance', coalesce(r.symptom, c.symptom, sw_muscle_mention(i.reaction_text))],
        lambda x: x is not null
    )) reported (symptom)
)

select * from condition_rows
union all by name
select * from response_rows
union all by name
select * from intolerance_rows
