-- Exercise soreness judged bout by bout (clinical.md §4). Each muscle-symptom report of an
-- episode goes with the strenuous session whose DOMS course holds it: the latest session that
-- began at least $exercise_doms_onset_min_hours h before the report and ended at most
-- $exercise_doms_resolved_days days before it (DOMS develops 12-24 h after exercise and is
-- gone by 5-7 days). The reports one session holds are one bout; reports no session holds
-- form a bout of their own, which nothing explains. A bout fits DOMS when its first report
-- comes within $exercise_doms_onset_max_hours h of the session's end, or later but mild or
-- falling and never severe: people report when they check in, so a first report is the latest
-- possible onset, and soreness fading on day 3 is the ordinary course. Rising or severe pain
-- first reported days after a session is not (rules/rules.toml [exercise], docs/rules.md).
create or replace table clinical.exercise_bouts as
with episode_reports as (
    -- Episodes never overlap, so a report between an episode's first and last is its own.
    select
        ep.patient_id,
        ep.episode_no,
        s.file_id,
        s.line,
        s.reported_at,
        s.severity
    from clinical.symptom_episodes ep
    inner join staging.symptoms s
        on
            ep.patient_id = s.patient_id
            and s.reported_at between ep.onset_at and ep.last_report_at
    where s.is_muscle_symptom
),

report_sessions as (
    select
        r.*,
        x.start_time as session_start,
        x.end_time as session_end,
        x.session_date,
        x.activity,
        x.strenuous_because
    from episode_reports r
    left join clinical.exercise_sessions x
        on
            r.patient_id = x.patient_id
            and x.is_strenuous
            and x.start_time
            <= r.reported_at - interval (cast($exercise_doms_onset_min_hours as integer)) hour
            and x.end_time
            >= r.reported_at - interval (cast($exercise_doms_resolved_days as integer)) day
    qualify row_number() over (
            partition by r.patient_id, r.file_id, r.line
            order by x.start_time desc nulls last
        ) = 1
),

bouts as (
    select
        patient_id,
        episode_no,
        session_start,
        session_end,
        session_date,
        activity,
        strenuous_because,
        min(reported_at) as first_report_at,
        max(reported_at) as last_report_at,
        count(*) as reports,
        arg_min(severity, reported_at) as first_severity,
        arg_max(severity, reported_at) as last_severity,
        max(severity) as max_severity
    from report_sessions
    group by all
),

judged as (
    select
        *,
        date_diff('hour', session_end, first_report_at) as hours_to_first_report,
        max_severity > first_severity as is_rising,
        max_severity >= $exercise_doms_late_report_severe_min as is_severe,
        first_severity <= $exercise_doms_late_report_mild_max as is_mild,
        reports > 1 and max_severity = first_severity and last_severity < first_severity
            as is_falling
    from bouts
),

fits as (
    -- The two ways a bout fits DOMS, decided once for the verdict and its story: reported
    -- within the onset window, or reported late but already fading (mild or falling).
    select
        *,
        first_report_at
        <= session_end + interval (cast($exercise_doms_onset_max_hours as integer)) hour
            as is_prompt,
        (is_mild or is_falling) and not is_rising and not is_severe as is_fading
    from judged
)

select
    *,
    coalesce(session_start is not null and (is_prompt or is_fading), false) as is_explained,
    case
        when session_start is null
            then
                'nothing explains the reports of '
                || sw_day_span(cast(first_report_at as date), cast(last_report_at as date))
                || ': no strenuous session in the ' || $exercise_doms_resolved_days
                || ' days before them'
        else
            activity || ' on ' || strftime(session_date, '%Y-%m-%d')
            || ' (' || strenuous_because || ') '
            || case
                when is_prompt then 'fits the soreness of '
                when is_fading
                    then 'fits the soreness first reported ' || hours_to_first_report
                        || ' h later, ' || case when is_mild then 'mild' else 'falling' end
                        || ', of '
                else
                    'does not explain the soreness first reported ' || hours_to_first_report
                    || ' h later, '
                    || case
                        when is_rising then 'rising'
                        when is_severe then 'severe'
                        else 'not mild or falling'
                    end
                    || ', of '
            end
            || sw_day_span(cast(first_report_at as date), cast(last_report_at as date))
    end as story,
    cast($as_of as date) as as_of
from fits
