-- Muscle-symptom episodes as of the run date: reports of one patient less than
-- $symptoms_episode_gap_days apart form one episode, so a complaint that keeps being reported is one
-- story with an onset, a latest report and a course rather than many unrelated rows.
create or replace table clinical.symptom_episodes as
with reports as (
    select *
    from staging.symptoms
    where report_date <= $as_of and (is_muscle_symptom or symptom = 'tendon_pain' or dark_urine)
),
numbered as (
    select
        *,
        sum(case when previous_date is null or report_date > previous_date + $symptoms_episode_gap_days then 1 else 0 end)
            over (partition by patient_id order by reported_at rows unbounded preceding) as episode_no
    from (
        select *, lag(report_date) over (partition by patient_id order by reported_at) as previous_date
        from reports
    )
)
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
    bool_or(symptom = 'cramp' and nocturnal) as has_nocturnal_cramps,
    bool_or(symptom = 'tendon_pain') as has_tendon_pain,
    bool_or(dark_urine) as has_dark_urine,
    bool_or(side = 'both') or (bool_or(side = 'left') and bool_or(side = 'right')) as is_bilateral,
    string_agg(distinct body_site, ', ' order by body_site) as body_sites,
    string_agg(distinct symptom, ', ' order by symptom) as symptoms,
    cast($as_of as date) as as_of
from numbered
group by patient_id, episode_no
