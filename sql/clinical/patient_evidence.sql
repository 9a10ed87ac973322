-- Step 1 of judging a patient: the evidence. Every known patient as of the run date with
-- one row of facts: statin exposure, the muscle-symptom episodes of the window and the
-- latest of them, a recorded rhabdomyolysis or drug-induced myopathy, tendon pain, the highest
-- CK and its EAS tier, interactions, suspected IMNM, age and the risk modifiers (a recorded
-- statin intolerance among them) (OHDSI Circe style: facts first, rules after; docs/rules.md).
-- patient_priority applies the contract's priorities to it; patient_evaluation words it.
create or replace table clinical.patient_evidence as
with population as (
    select patient_id from staging.patients
    union
    select patient_id from staging.medications
    union
    select patient_id from staging.symptoms
    union
    select patient_id from staging.labs
    union
    select patient_id from staging.exercise
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
        bool_or(is_persistent and not is_exercise_explained and has_muscle_symptom)
            as has_persistent,
        bool_or(is_probable_pattern) as has_probable_pattern,
        bool_or(has_weakness) as has_weakness,
        bool_or(has_nocturnal_cramps) as has_nocturnal_cramps,
        bool_or(has_dark_urine) as has_dark_urine,
        bool_or(
            days_from_index between 0 and $index_risk_window_days
            and index_type <> 'interacting_drug_start'
            and has_muscle_symptom
        ) as after_start_or_increase,
        max(last_weakness_date) as last_weakness_date,
        min(rhabdomyolysis_date) as rhabdomyolysis_date,
        min(myopathy_date) as myopathy_date
    from window_episodes
    group by patient_id
),

latest_episode as (
    select * from window_episodes
    qualify row_number()
            over (partition by patient_id order by has_muscle_symptom desc, onset_at desc)
        = 1
),

tendon as (
    select
        patient_id,
        min(report_date) as first_date,
        max(report_date) as last_date
    from staging.symptoms
    where symptom = 'tendon_pain' and report_date <= $as_of
        and report_date >= cast($as_of as date) - $symptoms_window_days
    group by patient_id
),

intolerance as (
    -- A statin intolerance or allergy recorded at any time before: a risk on re-exposure.
    select
        patient_id,
        max(report_date) as last_date
    from staging.symptoms
    where symptom = 'statin_intolerance' and report_date <= $as_of
    group by patient_id
),

ck as (
    select * from clinical.ck_results
    where collected_date >= cast($as_of as date) - $ck_window_days
    qualify row_number()
            over (partition by patient_id order by uln_multiple desc, collected_at desc)
        = 1
),

interactions as (
    select
        patient_id,
        bool_or(is_breach) as has_breach,
        arg_max(
            interacting_drug, sw_interaction_rank(level) + case when is_breach then 10 else 0 end
        )
            as drug,
        arg_max(level, sw_interaction_rank(level) + case when is_breach then 10 else 0 end)
            as level,
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
            or (
                sw_ck_tier(ck.uln_multiple, $ck_tier_4x, $ck_tier_10x, $ck_tier_40x) >= 3
                and ck.collected_date >= e.last_exposure_end + $imnm_persisting_days
            )
        )
),

judged as (
    select
        p.patient_id,
        e.patient_id is not null as rule_ever_statin,
        coalesce(
            e.is_current or e.last_exposure_end >= cast($as_of as date) - $exposure_lookback_days,
            false
        )
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
        s.rhabdomyolysis_date,
        s.myopathy_date,
        si.last_date as statin_intolerance_date,
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
        coalesce(e.max_simvastatin_mg >= $exposure_simvastatin_restricted_mg, false)
            as on_simvastatin_80,
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
        le.exercise_story,
        le.is_persistent as latest_persistent,
        le.persistent_span_days,
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
        le.sams_ci_max_score,
        date_diff('year', pt.birth_date, cast($as_of as date))
        - case
            when
                strftime(cast($as_of as date), '%m%d') < strftime(pt.birth_date, '%m%d')
                then 1
            else 0
        end
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
    left join intolerance si using (patient_id)
    left join staging.patients pt using (patient_id)
),

classified as (
    select
        *,
        coalesce(ck_multiple, 0) as ck_x,
        sw_ck_tier(ck_multiple, $ck_tier_4x, $ck_tier_10x, $ck_tier_40x) as ck_tier,
        sw_sams_ci_band(sams_ci_score, $sams_ci_probable_min, $sams_ci_possible_min)
            as sams_ci_band,
        sw_sams_ci_band(sams_ci_max_score, $sams_ci_probable_min, $sams_ci_possible_min)
            as sams_ci_reachable_band,
        has_muscle_symptom and not is_exercise_explained as unexplained_symptoms,
        has_probable_pattern
        or (
            has_muscle_symptom
            and not is_exercise_explained
            and sw_sams_ci_band(sams_ci_score, $sams_ci_probable_min, $sams_ci_possible_min)
            = 'probable'
            and not sams_ci_provisional
        ) as is_probable_sams,
        (age_years >= $risk_age_years)::int
        + (sex = 'F')::int
        + coalesce(bmi < $risk_low_bmi, false)::int
        + hypothyroid::int + coalesce(egfr < $risk_egfr_below, false)::int
        + (intensity = 'high')::int
        + (statin_intolerance_date is not null)::int as risk_score
    from judged
)

select * from classified
