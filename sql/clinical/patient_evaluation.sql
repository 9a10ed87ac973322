-- Every known patient judged against the flagging rules as of the run date: one boolean per
-- inclusion rule (like OHDSI Circe's inclusion report), the evidence behind them, and the
-- resulting priority and reason codes for those who pass every rule.
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
        min(era_start) as first_statin_start
    from clinical.statin_eras
    group by patient_id
),
recent_episodes as (
    select
        patient_id,
        min(onset_date) as onset_date,
        max(last_report_date) as last_report_date,
        sum(reports) as reports,
        max(max_severity) as max_severity,
        bool_or(has_muscle_symptom) as has_muscle_symptom,
        bool_or(has_weakness) as has_weakness,
        bool_or(has_nocturnal_cramps) as has_nocturnal_cramps,
        bool_or(has_tendon_pain) as has_tendon_pain,
        bool_or(has_dark_urine) as has_dark_urine,
        string_agg(symptoms, ', ') as symptoms,
        string_agg(body_sites, ', ') as body_sites
    from clinical.symptom_episodes
    where last_report_date >= cast($as_of as date) - $symptoms_window_days
    group by patient_id
),
recent_ck as (
    select
        patient_id,
        max(uln_multiple) as max_ck_multiple,
        arg_max(collected_date, uln_multiple) as max_ck_date,
        arg_max(ck_u_per_l, uln_multiple) as max_ck_u_per_l
    from clinical.ck_results
    where collected_date >= cast($as_of as date) - $ck_window_days
    group by patient_id
),
judged as (
    select
        p.patient_id,
        e.patient_id is not null as rule_ever_statin,
        coalesce(e.is_current or e.last_exposure_end >= cast($as_of as date) - $exposure_lookback_days, false)
            as rule_statin_exposed,
        coalesce(s.has_muscle_symptom or s.has_dark_urine, false) as rule_muscle_symptoms,
        e.statin,
        e.daily_dose_mg,
        e.is_current,
        e.last_exposure_end,
        s.onset_date,
        s.last_report_date,
        s.reports,
        s.max_severity,
        s.symptoms,
        coalesce(s.has_weakness, false) as has_weakness,
        coalesce(s.has_nocturnal_cramps, false) as has_nocturnal_cramps,
        coalesce(s.has_tendon_pain, false) as has_tendon_pain,
        coalesce(s.has_dark_urine, false) as has_dark_urine,
        c.max_ck_multiple,
        c.max_ck_date,
        c.max_ck_u_per_l
    from population p
    left join exposure e using (patient_id)
    left join recent_episodes s using (patient_id)
    left join recent_ck c using (patient_id)
),
prioritised as (
    select
        *,
        rule_ever_statin and rule_statin_exposed and rule_muscle_symptoms as is_flagged,
        case
            when coalesce(max_ck_multiple, 0) > $ck_tier_40x then 'urgent'
            when coalesce(max_ck_multiple, 0) > $ck_tier_10x then 'urgent'
            when has_dark_urine then 'urgent'
            when has_weakness and coalesce(max_ck_multiple, 0) > 1 then 'urgent'
            when coalesce(max_ck_multiple, 0) > $ck_tier_4x then 'high'
            else 'medium'
        end as priority
    from judged
)
select
    *,
    concat_ws(';',
        'STATIN_EXPOSED',
        'MUSCLE_SYMPTOMS',
        case when max_ck_multiple > $ck_tier_40x then 'CK_GT_40X_ULN'
             when max_ck_multiple > $ck_tier_10x then 'CK_GT_10X_ULN'
             when max_ck_multiple > $ck_tier_4x then 'CK_GT_4X_ULN' end,
        case when has_dark_urine then 'DARK_URINE' end,
        case when has_weakness then 'WEAKNESS' end,
        case when has_nocturnal_cramps then 'NOCTURNAL_CRAMPS' end,
        case when has_tendon_pain then 'TENDON_PAIN' end
    ) as reasons,
    concat_ws(' ',
        'On ' || coalesce(statin, 'a statin')
            || coalesce(' ' || sw_num_text(daily_dose_mg) || ' mg/day', '')
            || case when is_current then ' (current).' else ' until ' || strftime(last_exposure_end, '%Y-%m-%d') || '.' end,
        'Muscle symptoms (' || symptoms || ') reported ' || strftime(onset_date, '%Y-%m-%d')
            || case when last_report_date > onset_date then ' to ' || strftime(last_report_date, '%Y-%m-%d') else '' end
            || ', ' || cast(reports as varchar) || ' report(s), worst severity '
            || coalesce(sw_num_text(max_severity), 'not given') || '/10.',
        'CK ' || sw_num_text(max_ck_multiple) || '× ULN (' || sw_num_text(round(max_ck_u_per_l))
            || ' U/L) on ' || strftime(max_ck_date, '%Y-%m-%d') || '.',
        case when has_dark_urine then 'Dark urine reported.' end,
        case when has_weakness then 'Weakness reported.' end
    ) as explanation,
    cast($as_of as date) as as_of,
    $rules_version as rules_version
from prioritised
