-- Each symptom episode weighed against what could explain it (clinical.md §3, §4, §8):
-- exercise, bout by bout (clinical.exercise_bouts: explained when every bout fits the DOMS
-- course of its session), with persistence measured from the last session that explains a
-- bout, or over the soreness no session explains, whichever is longer; the statin index
-- event before it (SAMS-CI B); a later stop and how the symptoms went (C, dechallenge); a
-- restart after an earlier episode's stop and how soon symptoms came back (D, rechallenge).
create or replace table clinical.episode_assessment as
with exercise_considered as (
    select
        patient_id,
        episode_no,
        bool_and(is_explained) as is_exercise_explained,
        max(session_date) filter (where is_explained) as last_explaining_date,
        arg_max(activity, session_start) as exercise_activity,
        max(session_date) as exercise_date,
        arg_max(strenuous_because, session_start) as exercise_strenuous_because,
        string_agg(story, '; ' order by first_report_at) as exercise_story,
        -- How long soreness went on with no session to explain it.
        date_diff(
            'day',
            min(cast(first_report_at as date)) filter (where not is_explained),
            max(cast(last_report_at as date)) filter (where not is_explained)
        ) as unexplained_span_days
    from clinical.exercise_bouts
    group by patient_id, episode_no
),

index_before as (
    select
        ep.patient_id,
        ep.episode_no,
        ix.event_date,
        ix.event_type,
        ix.statin,
        ix.daily_dose_mg,
        ix.interacting_drug
    from clinical.symptom_episodes ep
    join clinical.statin_index_events ix
        on ix.patient_id = ep.patient_id and ix.event_date <= ep.onset_date
    qualify row_number()
            over (partition by ep.patient_id, ep.episode_no order by ix.event_date desc)
        = 1
),

first_statin as (
    select
        patient_id,
        min(era_start) as first_start
    from clinical.statin_eras group by patient_id
),

stop_after as (
    -- The first statin stop on or after the onset: the dechallenge of this episode.
    select
        ep.patient_id,
        ep.episode_no,
        era.era_end as stop_date
    from clinical.symptom_episodes ep
    join clinical.statin_eras era
        on era.patient_id = ep.patient_id and not era.is_current and era.era_end >= ep.onset_date
    qualify row_number() over (partition by ep.patient_id, ep.episode_no order by era.era_end) = 1
),

restart_before as (
    -- An earlier episode, a stop after it, and the restart this episode followed: a rechallenge.
    select
        ep.patient_id,
        ep.episode_no,
        era.era_start as restart_date,
        date_diff('day', era.era_start, ep.onset_date) as days_to_recurrence
    from clinical.symptom_episodes ep
    join clinical.statin_eras era
        on era.patient_id = ep.patient_id and era.era_start <= ep.onset_date and era.era_no > 1
    join clinical.symptom_episodes earlier
        on earlier.patient_id = ep.patient_id and earlier.episode_no < ep.episode_no
            and earlier.has_muscle_symptom
    join clinical.statin_eras stopped
        on stopped.patient_id = ep.patient_id and stopped.era_no = era.era_no - 1
            and stopped.era_end >= earlier.onset_date
    qualify row_number()
            over (partition by ep.patient_id, ep.episode_no order by era.era_start desc)
        = 1
),

scored as (
    select
        ep.*,
        x.exercise_activity,
        x.exercise_date,
        x.exercise_strenuous_because,
        x.exercise_story,
        coalesce(x.is_exercise_explained, false) as is_exercise_explained,
        greatest(
            date_diff(
                'day', coalesce(x.last_explaining_date, ep.onset_date), ep.last_report_date
            ),
            coalesce(x.unexplained_span_days, 0)
        ) as persistent_span_days,
        ix.event_date as index_date,
        ix.event_type as index_type,
        ix.interacting_drug as index_interacting_drug,
        date_diff('day', ix.event_date, ep.onset_date) as days_from_index,
        fs.first_start is not null and ep.onset_date < fs.first_start as onset_before_statin,
        sa.stop_date,
        rb.restart_date,
        rb.days_to_recurrence,
        case
            when ix.event_date is null then null
            when date_diff('day', ix.event_date, ep.onset_date) < $sams_ci_onset_early_days then 3
            when date_diff('day', ix.event_date, ep.onset_date) <= $sams_ci_onset_late_days then 2
            else 1
        end as sams_ci_onset,
        case
            when sa.stop_date is null then null
            when ep.last_report_date > sa.stop_date + $sams_ci_dechallenge_slow_days then 0
            when ep.last_report_date <= sa.stop_date + $sams_ci_dechallenge_fast_days
                and cast($as_of as date) >= sa.stop_date + $sams_ci_dechallenge_fast_days then 2
            when cast($as_of as date) >= sa.stop_date + $sams_ci_dechallenge_slow_days then 1
        end as sams_ci_dechallenge,
        case
            when rb.restart_date is null then null
            when rb.days_to_recurrence < $sams_ci_rechallenge_fast_days then 3
            when rb.days_to_recurrence <= $sams_ci_rechallenge_slow_days then 1
            else 0
        end as sams_ci_rechallenge
    from clinical.symptom_episodes ep
    left join exercise_considered x using (patient_id, episode_no)
    left join index_before ix using (patient_id, episode_no)
    left join first_statin fs using (patient_id)
    left join stop_after sa using (patient_id, episode_no)
    left join restart_before rb using (patient_id, episode_no)
),

with_history as (
    -- A recurrence after a restart carries the dechallenge of the episode before the stop.
    select
        * replace (
            coalesce(
                sams_ci_dechallenge,
                case when
                        restart_date is not null
                        then last_value(sams_ci_dechallenge ignore nulls) over (
                                partition by patient_id
                                order by episode_no rows between unbounded preceding and 1 preceding
                            )
                end
            ) as sams_ci_dechallenge,
            persistent_span_days >= $symptoms_persistent_days as is_persistent
        )
    from scored
)

select
    *,
    sams_ci_location
    + coalesce(sams_ci_onset, 1)
    + coalesce(sams_ci_dechallenge, 0)
    + coalesce(sams_ci_rechallenge, 0)
        as sams_ci_score,
    sams_ci_dechallenge is null or sams_ci_rechallenge is null as sams_ci_provisional,
    -- The most the score could still reach once the missing domains are known: onset 3,
    -- dechallenge 2, rechallenge 3 (§2.1), so no band is shown that they could overturn.
    sams_ci_location
    + coalesce(sams_ci_onset, 3)
    + coalesce(sams_ci_dechallenge, 2)
    + coalesce(sams_ci_rechallenge, 3)
        as sams_ci_max_score,
    concat_ws(
        ', ',
        case when sams_ci_onset is null then 'onset (no statin start or dose change before it)' end,
        case when sams_ci_dechallenge is null then 'dechallenge' end,
        case when sams_ci_rechallenge is null then 'rechallenge' end
    ) as sams_ci_missing,
    has_muscle_symptom and not is_exercise_explained and not onset_before_statin and is_persistent
    and is_symmetric_large_muscle and days_from_index between 0 and $index_risk_window_days
        as is_probable_pattern
from with_history
