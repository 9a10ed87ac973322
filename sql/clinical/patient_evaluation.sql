-- Every known patient judged as of the run date: one boolean per inclusion rule (OHDSI
-- Circe style), the evidence, the priority of CONTRACT §5, reason codes and a plain-language
-- explanation. Safety escalations (urgent) come first and are never softened by exercise;
-- below them, symptoms that fit exercise soreness stay low (docs/rules.md).
create or replace table clinical.patient_evaluation as
with population as (
    select patient_id from staging.patients
    union select patient_id from staging.medications
    union select patient_id from staging.symptoms
    union select patient_id from staging.labs
    union select patient_id from staging.exercise
),
exposure as (
    select
        patient_id,
        max(era_end) as last_exposure_end,
        bool_or(is_current) as is_current,
        arg_max(latest_statin, era_end) as statin,
        arg_max(latest_daily_dose_mg, era_end) as daily_dose_mg,
        arg_max(latest_intensity, era_end) as intensity,
        max(max_daily_dose_mg) filter (where latest_statin = 'simvastatin') as max_simvastatin_mg
    from clinical.statin_eras
    group by patient_id
),
window_episodes as (
    select *
    from clinical.episode_assessment
    where last_report_date >= cast($as_of as date) - $symptoms_window_days
),
symptoms as (
    select
        patient_id,
        bool_or(has_muscle_symptom) as has_muscle_symptom,
        bool_and(is_exercise_explained) filter (where has_muscle_symptom) as all_explained,
        bool_or(is_persistent and not is_exercise_explained and has_muscle_symptom) as has_persistent,
        bool_or(is_probable_pattern) as has_probable_pattern,
        bool_or(has_weakness) as has_weakness,
        bool_or(has_nocturnal_cramps) as has_nocturnal_cramps,
        bool_or(has_dark_urine) as has_dark_urine,
        bool_or(days_from_index between 0 and $index_risk_window_days and index_type <> 'interacting_drug_start'
            and has_muscle_symptom) as after_start_or_increase,
        max(last_weakness_date) as last_weakness_date
    from window_episodes
    group by patient_id
),
latest_episode as (
    select * from window_episodes
    qualify row_number() over (partition by patient_id order by has_muscle_symptom desc, onset_at desc) = 1
),
tendon as (
    select patient_id, min(report_date) as first_date, max(report_date) as last_date
    from staging.symptoms
    where symptom = 'tendon_pain' and report_date <= $as_of
        and report_date >= cast($as_of as date) - $symptoms_window_days
    group by patient_id
),
ck as (
    select * from clinical.ck_results
    where collected_date >= cast($as_of as date) - $ck_window_days
    qualify row_number() over (partition by patient_id order by uln_multiple desc, collected_at desc) = 1
),
interactions as (
    select
        patient_id,
        bool_or(is_breach) as has_breach,
        arg_max(interacting_drug, sw_interaction_rank(level) + case when is_breach then 10 else 0 end)
            as drug,
        arg_max(level, sw_interaction_rank(level) + case when is_breach then 10 else 0 end) as level,
        arg_max(max_daily_mg, case when is_breach then 1 else 0 end) as max_daily_mg,
        min(overlap_start) as since
    from clinical.interaction_exposures
    group by patient_id
),
imnm as (
    -- Weakness or CK > 10× ULN still present at least 4 weeks after the statin stopped.
    select e.patient_id
    from exposure e
    left join symptoms s using (patient_id)
    left join ck using (patient_id)
    where not e.is_current
        and (
            s.last_weakness_date >= e.last_exposure_end + $imnm_persisting_days
            or (ck.uln_multiple > $ck_tier_10x and ck.collected_date >= e.last_exposure_end + $imnm_persisting_days)
        )
),
judged as (
    select
        p.patient_id,
        e.patient_id is not null as rule_ever_statin,
        coalesce(e.is_current or e.last_exposure_end >= cast($as_of as date) - $exposure_lookback_days, false)
            as rule_statin_exposed,
        e.statin,
        e.daily_dose_mg,
        e.intensity,
        e.is_current,
        e.last_exposure_end,
        coalesce(s.has_muscle_symptom, false) as has_muscle_symptom,
        coalesce(s.has_muscle_symptom and s.all_explained, false) as is_exercise_explained,
        coalesce(s.has_persistent, false) as has_persistent,
        coalesce(s.has_probable_pattern, false) as has_probable_pattern,
        coalesce(s.has_weakness, false) as has_weakness,
        coalesce(s.has_nocturnal_cramps, false) as has_nocturnal_cramps,
        coalesce(s.has_dark_urine, false) as has_dark_urine,
        coalesce(s.after_start_or_increase, false) as after_start_or_increase,
        t.patient_id is not null as has_tendon_pain,
        t.first_date as tendon_first_date,
        t.last_date as tendon_last_date,
        ck.uln_multiple as ck_multiple,
        ck.ck_u_per_l,
        ck.collected_date as ck_date,
        coalesce(ck.is_exercise_confounded, false) as ck_confounded,
        ck.confounding_activity,
        ck.confounding_session_date,
        i.patient_id is not null as has_interaction,
        coalesce(i.has_breach, false) as interaction_breach,
        i.drug as interaction_drug,
        i.level as interaction_level,
        i.max_daily_mg as interaction_max_mg,
        m.patient_id is not null as suspected_imnm,
        coalesce(e.max_simvastatin_mg >= 80, false) as on_simvastatin_80,
        le.onset_date,
        le.last_report_date,
        le.reports,
        le.max_severity,
        le.first_severity,
        le.last_severity,
        le.symptoms,
        le.body_sites,
        le.is_bilateral,
        le.span_days,
        le.exercise_activity,
        le.exercise_date,
        le.exercise_strenuous_because,
        le.is_exercise_explained as latest_explained,
        le.index_type,
        le.index_date,
        le.days_from_index,
        le.index_interacting_drug,
        le.sams_ci_location,
        le.sams_ci_onset,
        le.sams_ci_dechallenge,
        le.sams_ci_rechallenge,
        le.sams_ci_score,
        le.sams_ci_provisional,
        le.sams_ci_missing,
        date_diff('year', pt.birth_date, cast($as_of as date))
            - case when strftime(cast($as_of as date), '%m%d') < strftime(pt.birth_date, '%m%d') then 1 else 0 end
            as age_years,
        pt.sex,
        pt.bmi,
        pt.egfr,
        coalesce(pt.hypothyroid, false) as hypothyroid
    from population p
    left join exposure e using (patient_id)
    left join symptoms s using (patient_id)
    left join latest_episode le using (patient_id)
    left join tendon t using (patient_id)
    left join ck using (patient_id)
    left join interactions i using (patient_id)
    left join imnm m using (patient_id)
    left join staging.patients pt using (patient_id)
),
classified as (
    select
        *,
        coalesce(ck_multiple, 0) as ck_x,
        has_muscle_symptom and not is_exercise_explained as unexplained_symptoms,
        has_probable_pattern
            or (has_muscle_symptom and not is_exercise_explained and sams_ci_score >= $sams_ci_probable_min
                and not sams_ci_provisional) as is_probable_sams,
        (age_years >= $risk_age_years)::int + (sex = 'F')::int + coalesce(bmi < $risk_low_bmi, false)::int
            + hypothyroid::int + coalesce(egfr < $risk_egfr_below, false)::int
            + (intensity = 'high')::int as risk_score
    from judged
),
prioritised as (
    select
        *,
        case
            when not (rule_ever_statin and rule_statin_exposed) then null
            when (has_muscle_symptom and ck_x > $ck_tier_10x) or ck_x > $ck_tier_40x
                or (has_dark_urine and has_muscle_symptom) or (has_weakness and ck_x > 1) or suspected_imnm
                then 'urgent'
            when unexplained_symptoms
                and (is_probable_sams or ck_x > $ck_tier_4x or interaction_breach) then 'high'
            when unexplained_symptoms or has_dark_urine then 'medium'
            when has_muscle_symptom or ck_x > 1 or interaction_breach or has_tendon_pain then 'low'
        end as priority
    from classified
)
select
    patient_id,
    rule_ever_statin,
    rule_statin_exposed,
    priority is not null as rule_any_signal,
    priority is not null and has_muscle_symptom as rule_muscle_symptoms,
    priority is not null and has_muscle_symptom and not is_exercise_explained as rule_not_exercise_explained,
    priority in ('high', 'urgent') and has_muscle_symptom and not is_exercise_explained as rule_high_concern,
    priority is not null as is_flagged,
    priority,
    risk_score,
    concat_ws(';',
        'STATIN_EXPOSED',
        case when has_muscle_symptom then 'MUSCLE_SYMPTOMS' end,
        case when has_persistent then 'PERSISTENT_SYMPTOMS' end,
        case when is_exercise_explained then 'EXERCISE_EXPLAINED' end,
        case when is_probable_sams then 'PROBABLE_SAMS_PATTERN' end,
        case when after_start_or_increase then 'RECENT_START_OR_DOSE_INCREASE' end,
        case when intensity = 'high' then 'HIGH_INTENSITY_STATIN' end,
        case when on_simvastatin_80 then 'SIMVASTATIN_80MG' end,
        case when has_interaction then 'INTERACTING_DRUG' end,
        case when interaction_breach and interaction_level in ('contraindicated', 'avoid') then 'INTERACTION_CONTRAINDICATED'
             when interaction_breach then 'INTERACTION_DOSE_LIMIT_EXCEEDED' end,
        case when ck_x > $ck_tier_40x then 'CK_GT_40X_ULN'
             when ck_x > $ck_tier_10x then 'CK_GT_10X_ULN'
             when ck_x > $ck_tier_4x then 'CK_GT_4X_ULN'
             when ck_x > 1 then 'CK_ABOVE_ULN' end,
        case when ck_x > 1 and ck_confounded then 'CK_CONFOUNDED_BY_EXERCISE' end,
        case when has_dark_urine then 'DARK_URINE' end,
        case when has_weakness then 'WEAKNESS' end,
        case when has_nocturnal_cramps then 'NOCTURNAL_CRAMPS' end,
        case when has_tendon_pain then 'TENDON_PAIN' end,
        case when suspected_imnm then 'SUSPECTED_IMNM' end,
        case when not is_current then 'STATIN_STOPPED' end,
        case when age_years >= $risk_age_years then 'RISK_AGE_75_PLUS' end,
        case when sex = 'F' then 'RISK_FEMALE' end,
        case when bmi < $risk_low_bmi then 'RISK_LOW_BMI' end,
        case when hypothyroid then 'RISK_HYPOTHYROIDISM' end,
        case when egfr < $risk_egfr_below then 'RISK_EGFR_BELOW_30' end
    ) as reasons,
    concat_ws(' ',
        -- The drug, dose and exposure.
        upper(left(coalesce(statin, 'statin'), 1)) || substr(coalesce(statin, 'statin'), 2)
            || coalesce(' ' || sw_num_text(daily_dose_mg) || ' mg/day', '')
            || coalesce(' (' || intensity || ' intensity)', '')
            || case when is_current then ', current.' else ', stopped ' || strftime(last_exposure_end, '%Y-%m-%d') || '.' end,
        -- The symptoms and their course.
        case when has_muscle_symptom or has_dark_urine then
            upper(left(symptoms, 1)) || substr(symptoms, 2)
            || coalesce(' (' || case when is_bilateral then 'both sides, ' else '' end || body_sites || ')', case when is_bilateral then ' (both sides)' else '' end)
            || ' from ' || strftime(onset_date, '%Y-%m-%d')
            || case when last_report_date > onset_date then ' to ' || strftime(last_report_date, '%Y-%m-%d')
                || ' (' || cast(span_days as varchar) || ' days)' else '' end
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
                else 'starting ' || coalesce(index_interacting_drug, 'an interacting drug') end
            || ' (' || strftime(index_date, '%Y-%m-%d') || ').'
        end,
        -- The exercise that was considered, and why it does or does not explain them.
        case
            when has_muscle_symptom and exercise_date is not null and latest_explained then
                'Exercise considered: ' || exercise_activity || ' on ' || strftime(exercise_date, '%Y-%m-%d')
                || ' (' || exercise_strenuous_because || '); onset 12-72 h later and gone within 7 days fits exercise soreness.'
            when has_muscle_symptom and exercise_date is not null then
                'Exercise considered: ' || exercise_activity || ' on ' || strftime(exercise_date, '%Y-%m-%d')
                || ' (' || exercise_strenuous_because || '); does not explain it: '
                || case when span_days >= $symptoms_persistent_days then 'symptoms lasted beyond 7 days.'
                        else 'onset outside 12-72 h after it.' end
            when has_muscle_symptom then 'No strenuous exercise in the week before onset.'
        end,
        case when ck_multiple is not null then
            'CK ' || sw_num_text(ck_multiple) || '× ULN (' || sw_num_text(ck_u_per_l) || ' U/L) on '
            || strftime(ck_date, '%Y-%m-%d')
            || case when ck_confounded and ck_multiple > 1 then ', drawn after ' || confounding_activity || ' on '
                || strftime(confounding_session_date, '%Y-%m-%d') || ' — repeat after 7 days of rest' else '' end
            || '.'
        end,
        case when has_interaction then
            'Interacting drug: ' || interaction_drug || ' ('
            || case interaction_level
                when 'contraindicated' then 'contraindicated with ' || statin
                when 'avoid' then 'avoid with ' || statin
                when 'dose_limit' then statin || ' limit ' || sw_num_text(interaction_max_mg) || ' mg/day'
                else 'raises myopathy risk' end
            || ').'
        end,
        case when has_dark_urine then 'Dark urine reported: check for myoglobinuria and renal function.' end,
        case when has_weakness and ck_multiple is null then 'Weakness reported: measure CK.' end,
        case when has_tendon_pain then 'Tendon pain ' || strftime(tendon_first_date, '%Y-%m-%d') || '.' end,
        case when suspected_imnm then 'Weakness or CK > 10× ULN persisting ≥ 4 weeks after the statin stopped: consider anti-HMGCR myopathy.' end,
        case when has_muscle_symptom then
            'SAMS-CI ' || case when sams_ci_provisional then 'provisional ' else '' end || cast(sams_ci_score as varchar)
            || ' ' || case when sams_ci_score >= $sams_ci_probable_min then 'probable'
                           when sams_ci_score >= $sams_ci_possible_min then 'possible' else 'unlikely' end
            || ' (A' || cast(sams_ci_location as varchar)
            || coalesce(' B' || cast(sams_ci_onset as varchar), '')
            || coalesce(' C' || cast(sams_ci_dechallenge as varchar), '')
            || coalesce(' D' || cast(sams_ci_rechallenge as varchar), '')
            || case when sams_ci_missing <> '' then '; not in data: ' || sams_ci_missing else '' end || ').'
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
    case
        when sams_ci_score >= $sams_ci_probable_min then 'probable'
        when sams_ci_score >= $sams_ci_possible_min then 'possible'
        when sams_ci_score is not null then 'unlikely'
    end as sams_ci_band,
    sams_ci_missing,
    interaction_drug,
    interaction_level,
    interaction_breach,
    age_years,
    cast($as_of as date) as as_of,
    $rules_version as rules_version
from prioritised
