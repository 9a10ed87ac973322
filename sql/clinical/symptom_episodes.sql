-- Muscle-symptom episodes as of the run date: reports of one patient at most
-- $symptoms_episode_gap_days days apart form one episode — one story with an onset, a latest
-- report, a course, its sides and sites. SAMS-CI domain A (location) is scored here from
-- the muscle regions of the sites (vocabulary/body_regions.csv): symmetric hip/thigh 3,
-- symmetric calf or upper proximal 2, otherwise 1 (§2.1).
create or replace table clinical.symptom_episodes as
with reports as (
    select *
    from staging.symptoms
    where report_date <= $as_of and (is_muscle_symptom or dark_urine)
),

numbered as (
    select
        *,
        sum(
            case
                when
                    previous_date is null
                    or report_date > previous_date + $symptoms_episode_gap_days
                    then 1
                else 0
            end
        )
            over (partition by patient_id order by reported_at rows unbounded preceding)
            as episode_no
    from (
        select
            *,
            lag(report_date) over (partition by patient_id order by reported_at) as previous_date
        from reports
    )
),

episodes as (
    select
        patient_id,
        episode_no,
        min(reported_at) as onset_at,
        max(reported_at) as last_report_at,
        cast(min(reported_at) as date) as onset_date,
        cast(max(reported_at) as date) as last_report_date,
        count(*) as reports,
        max(severity) as max_severity,
        arg_min(severity, reported_at) as first_severity,
        arg_max(severity, reported_at) as last_severity,
        bool_or(is_muscle_symptom) as has_muscle_symptom,
        bool_or(symptom = 'weakness') as has_weakness,
        min(report_date) filter (where symptom = 'weakness') as first_weakness_date,
        max(report_date) filter (where symptom = 'weakness') as last_weakness_date,
        bool_or(symptom = 'cramp' and nocturnal) as has_nocturnal_cramps,
        -- Diagnoses a clinician recorded (staging.symptoms): they set the priority themselves.
        min(report_date) filter (where symptom = 'rhabdomyolysis') as rhabdomyolysis_date,
        min(report_date) filter (where symptom = 'myopathy') as myopathy_date,
        bool_or(dark_urine) as has_dark_urine,
        bool_or(side = 'both')
        or (bool_or(side = 'left') and bool_or(side = 'right')) as is_bilateral,
        bool_or(list_contains(muscle_regions, 'hip_thigh')) as has_hip_thigh,
        bool_or(list_contains(muscle_regions, 'calf')) as has_calf,
        bool_or(list_contains(muscle_regions, 'upper_proximal')) as has_upper_proximal,
        string_agg(distinct body_site, ', ' order by body_site) as body_sites,
        string_agg(distinct symptom, ', ' order by symptom) as symptoms
    from numbered
    group by patient_id, episode_no
)

select
    *,
    date_diff('day', onset_date, last_report_date) as span_days,
    date_diff('day', onset_date, last_report_date) >= $symptoms_persistent_days as is_persistent,
    is_bilateral and (has_hip_thigh or has_calf or has_upper_proximal) as is_symmetric_large_muscle,
    case
        when is_bilateral and has_hip_thigh then 3
        when is_bilateral and (has_calf or has_upper_proximal) then 2
        else 1
    end as sams_ci_location,
    cast($as_of as date) as as_of
from episodes
