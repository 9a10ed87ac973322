-- Step 3 of judging a patient: the words. The reason codes that apply, in the order of
-- vocabulary/reason_codes.csv (where each code's phrase lives too), and a plain-language
-- explanation naming the evidence, built from the thresholds of rules/rules.toml
-- (CONTRACT §5). The rules themselves are in patient_evidence and patient_priority.
create or replace table clinical.patient_evaluation as
with reason_flags as (
    select
        p.patient_id,
        unnest([
            { 'code': 'STATIN_EXPOSED', 'applies': true },
            { 'code': 'MUSCLE_SYMPTOMS', 'applies': has_muscle_symptom },
            { 'code': 'PERSISTENT_SYMPTOMS', 'applies': has_persistent },
            { 'code': 'EXERCISE_EXPLAINED', 'applies': is_exercise_explained },
            { 'code': 'PROBABLE_SAMS_PATTERN', 'applies': is_probable_sams },
            { 'code': 'RECENT_START_OR_DOSE_INCREASE', 'applies': after_start_or_increase },
            { 'code': 'HIGH_INTENSITY_STATIN', 'applies': intensity = 'high' },
            { 'code': 'SIMVASTATIN_80MG', 'applies': on_simvastatin_80 },
            { 'code': 'INTERACTING_DRUG', 'applies': has_interaction },
            {
                'code': 'INTERACTION_CONTRAINDICATED',
                'applies': interaction_breach and interaction_level in ('contraindicated', 'avoid')
            },
            {
                'code': 'INTERACTION_DOSE_LIMIT_EXCEEDED',
                'applies': interaction_breach
                and not coalesce(interaction_level in ('contraindicated', 'avoid'), false)
            },
            { 'code': t.reason_code, 'applies': t.reason_code is not null },
            { 'code': 'CK_CONFOUNDED_BY_EXERCISE', 'applies': ck_tier >= 1 and ck_confounded },
            { 'code': 'DARK_URINE', 'applies': has_dark_urine },
            { 'code': 'WEAKNESS', 'applies': has_weakness },
            { 'code': 'NOCTURNAL_CRAMPS', 'applies': has_nocturnal_cramps },
            { 'code': 'TENDON_PAIN', 'applies': has_tendon_pain },
            { 'code': 'RHABDOMYOLYSIS_DIAGNOSED', 'applies': rhabdomyolysis_date is not null },
            { 'code': 'MYOPATHY_DIAGNOSED', 'applies': myopathy_date is not null },
            { 'code': 'SUSPECTED_IMNM', 'applies': suspected_imnm },
            { 'code': 'STATIN_STOPPED', 'applies': not is_current },
            { 'code': 'RISK_AGE_75_PLUS', 'applies': age_years >= $risk_age_years },
            { 'code': 'RISK_FEMALE', 'applies': sex = 'F' },
            { 'code': 'RISK_LOW_BMI', 'applies': bmi < $risk_low_bmi },
            { 'code': 'RISK_HYPOTHYROIDISM', 'applies': hypothyroid },
            { 'code': 'RISK_EGFR_BELOW_30', 'applies': egfr < $risk_egfr_below },
            {
                'code': 'STATIN_INTOLERANCE_HISTORY',
                'applies': statin_intolerance_date is not null
            }
        ]) as flag
    from clinical.patient_priority p
    left join vocab.ck_tiers t on cast(t.tier as integer) = p.ck_tier
),

reasons as (
    select
        f.patient_id,
        string_agg(f.flag.code, ';' order by cast(c.listed as integer)) as reasons
    from reason_flags f
    join vocab.reason_codes c on c.code = f.flag.code
    where f.flag.applies
    group by f.patient_id
)

select
    p.patient_id,
    rule_ever_statin,
    rule_statin_exposed,
    priority is not null as rule_any_signal,
    priority is not null and has_muscle_symptom as rule_muscle_symptoms,
    priority is not null
    and has_muscle_symptom
    and not is_exercise_explained as rule_not_exercise_explained,
    priority in ('high', 'urgent')
    and has_muscle_symptom
    and not is_exercise_explained as rule_high_concern,
    priority is not null as is_flagged,
    priority,
    risk_score,
    r.reasons,
    concat_ws(
        ' ',
        -- The drug, dose and exposure.
        upper(left(coalesce(statin, 'statin'), 1)) || substr(coalesce(statin, 'statin'), 2)
        || coalesce(' ' || sw_num_text(daily_dose_mg) || ' mg/day', '')
        || coalesce(' (' || intensity || ' intensity)', '')
        || case
            when is_current then ', current.' else
                ', stopped ' || strftime(last_exposure_end, '%Y-%m-%d') || '.'
        end,
        -- The symptoms and their course.
        case when has_muscle_symptom or has_dark_urine then
                upper(left(symptoms, 1)) || substr(symptoms, 2)
                || coalesce(
                    ' ('
                    || case when is_bilateral then 'both sides, ' else '' end
                    || body_sites
                    || ')',
                    case when is_bilateral then ' (both sides)' else '' end
                )
                || ' from ' || strftime(onset_date, '%Y-%m-%d')
                || case when
                        last_report_date > onset_date
                        then ' to ' || strftime(last_report_date, '%Y-%m-%d')
                            || ' (' || cast(span_days as varchar) || ' days)'
                    else ''
                end
                || ', ' || cast(reports as varchar) || ' report(s)'
                || coalesce(', worst ' || sw_num_text(max_severity) || '/10', '') || '.'
        end,
        case when has_muscle_symptom and index_date is not null and days_from_index >= 0 then
                'Onset ' || cast(days_from_index as varchar) || ' days after '
                || case index_type
                    when 'initiation' then 'starting the statin'
                    when 'restart' then 'restarting the statin'
                    when 'switch' then 'switching statin'
                    when 'dose_increase' then 'a dose increase'
                    else 'starting ' || coalesce(index_interacting_drug, 'an interacting drug')
                end
                || ' (' || strftime(index_date, '%Y-%m-%d') || ').'
        end,
        -- The exercise that was considered, bout by bout, and whether it explains them.
        case
            when has_muscle_symptom and exercise_date is not null
                then
                    'Exercise considered: ' || exercise_story || '. '
                    || case
                        when latest_explained
                            then
                                'Each bout fits exercise soreness (onset '
                                || $exercise_doms_onset_min_hours || '-'
                                || $exercise_doms_onset_max_hours
                                || ' h after its session, gone within '
                                || $exercise_doms_resolved_days || ' days).'
                        when latest_persistent
                            then
                                'Exercise does not explain it: symptoms went on '
                                || persistent_span_days || ' days, beyond the '
                                || $exercise_doms_resolved_days
                                || '-day course of exercise soreness.'
                        else 'Exercise does not explain it.'
                    end
            when has_muscle_symptom
                then
                    'No strenuous exercise in the ' || $exercise_doms_resolved_days
                    || ' days before any report.'
        end,
        case when ck_multiple is not null then
                'CK '
                || sw_num_text(ck_multiple)
                || '× ULN ('
                || sw_num_text(ck_u_per_l)
                || ' U/L) on '
                || strftime(ck_date, '%Y-%m-%d')
                || case when
                        ck_confounded and ck_multiple > 1
                        then ', drawn after ' || confounding_activity || ' on '
                            || strftime(confounding_session_date, '%Y-%m-%d') || ' — repeat after '
                            || $exercise_ck_confounding_days || ' days of rest'
                    else ''
                end
                || '.'
        end,
        case when has_interaction then
                'Interacting drug: ' || interaction_drug || ' ('
                || case interaction_level
                    when 'contraindicated' then 'contraindicated with ' || statin
                    when 'avoid' then 'avoid with ' || statin
                    when
                        'dose_limit'
                        then statin || ' limit ' || sw_num_text(interaction_max_mg) || ' mg/day'
                    else 'raises myopathy risk'
                end
                || ').'
        end,
        case
            when
                rhabdomyolysis_date is not null
                then 'Rhabdomyolysis recorded on ' || strftime(rhabdomyolysis_date, '%Y-%m-%d')
                    || ': escalate today.'
        end,
        case
            when
                myopathy_date is not null
                then 'Drug-induced myopathy or myositis recorded on '
                    || strftime(myopathy_date, '%Y-%m-%d') || '.'
        end,
        case
            when
                has_dark_urine
                then 'Dark urine reported: check for myoglobinuria and renal function.'
        end,
        case when has_weakness and ck_multiple is null then 'Weakness reported: measure CK.' end,
        case
            when
                has_tendon_pain
                then 'Tendon pain ' || strftime(tendon_first_date, '%Y-%m-%d') || '.'
        end,
        case when
                suspected_imnm
                then 'Weakness or CK > ' || sw_num_text($ck_tier_10x) || '× ULN persisting ≥ '
                    || $imnm_persisting_days
                    || ' days after the statin stopped: consider anti-HMGCR myopathy.'
        end,
        case
            when
                statin_intolerance_date is not null
                then 'Statin intolerance or allergy on record ('
                    || strftime(statin_intolerance_date, '%Y-%m-%d') || '): a risk on re-exposure.'
        end,
        -- A provisional SAMS-CI shows the score and the best band still reachable, never a
        -- band the missing domains could overturn (clinical.md §2.1 caveat).
        case
            when has_muscle_symptom
                then
                    'SAMS-CI ' || cast(sams_ci_score as varchar)
                    || case
                        when not sams_ci_provisional then ' ' || sams_ci_band
                        when sams_ci_reachable_band = sams_ci_band
                            then ' ' || sams_ci_band || ' whatever the missing domains show'
                        else ' so far, could reach ' || sams_ci_reachable_band
                    end
                    || ' (A' || cast(sams_ci_location as varchar)
                    || coalesce(' B' || cast(sams_ci_onset as varchar), '')
                    || coalesce(' C' || cast(sams_ci_dechallenge as varchar), '')
                    || coalesce(' D' || cast(sams_ci_rechallenge as varchar), '')
                    || case
                        when sams_ci_missing <> ''
                            then '; not in data: ' || sams_ci_missing
                        else ''
                    end
                    || ').'
        end
    ) as explanation,
    statin,
    daily_dose_mg,
    intensity,
    is_current,
    last_exposure_end,
    onset_date,
    last_report_date,
    ck_multiple,
    ck_confounded,
    is_exercise_explained,
    is_probable_sams,
    sams_ci_score,
    sams_ci_provisional,
    sams_ci_band,
    sams_ci_reachable_band,
    sams_ci_missing,
    interaction_drug,
    interaction_level,
    interaction_breach,
    age_years,
    cast($as_of as date) as as_of,
    $rules_version as rules_version
from clinical.patient_priority p
inner join reasons r using (patient_id)
