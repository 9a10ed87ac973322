-- Exercise sessions measured against the patient's own usual load (the sessions of the
-- $exercise_baseline_days days before), with the reasons a session counts as strenuous:
-- vigorous, much longer than usual, unaccustomed, eccentric (strength, HIIT, long descents)
-- or a race distance (clinical.md §4 and §8.6; activity classes from
-- vocabulary/activity_classes.csv). Eccentric work the patient already did in the
-- baseline (the same activity, eccentric too) does not count unless much longer, nor does
-- vigorous effort the patient is used to: the repeated-bout effect protects, and §8.6 asks
-- for load beyond the baseline.
-- A session's heart rate speaks for itself when the device recorded it: an average at or
-- above $exercise_hr_vigorous_fraction of the person's age-predicted maximum (Tanaka 2001)
-- for $exercise_hr_vigorous_min_minutes minutes or more is vigorous, typed or not (ACSM,
-- Garber 2011); below $exercise_hr_light_fraction it is light, and a light session is not
-- made strenuous by its length alone. Eccentric work stays eccentric at any heart rate.
-- Only the sessions of touched_exercise are judged, with their baseline days as context;
-- readers bound the sessions to their own windows of the as-of date.
insert into clinical.exercise_sessions by name
with recent as (
    select
        e.*,
        t.recompute_from,
        p.birth_date,
        -- The share of the age-predicted maximum heart rate the session averaged.
        e.avg_hr / (
            $exercise_hr_max_intercept
            - $exercise_hr_max_age_slope * date_diff('day', p.birth_date, e.session_date) / 365.25
        ) as hr_max_fraction
    from staging.exercise e
    join touched_exercise t using (patient_id)
    left join staging.patients p using (patient_id)
    where e.start_time >= t.recompute_from - to_days(cast($exercise_baseline_days as integer))
),

rated as (
    select
        *,
        coalesce(
            hr_max_fraction >= $exercise_hr_vigorous_fraction
            and duration_min >= $exercise_hr_vigorous_min_minutes,
            false
        ) as is_hr_vigorous,
        coalesce(hr_max_fraction < $exercise_hr_light_fraction, false) as is_hr_light,
        intensity = 'vigorous' or rpe >= $exercise_vigorous_rpe as is_said_vigorous,
        regexp_matches(activity, $activity_eccentric_pattern)
        or (
            coalesce(elevation_loss_m, 0) >= $exercise_descent_m
            and regexp_matches(activity, $activity_descent_pattern)
        ) as is_eccentric_work
    from recent
),

baselined as (
    select
        *,
        count(*) over w as baseline_sessions,
        avg(duration_min) over w as baseline_avg_min,
        -- The same eccentric work before (a descending hike before a descending hike, not a
        -- flat one): the repeated-bout effect protects only after a bout like it.
        count(*) filter (where is_eccentric_work) over (
            partition by patient_id, activity order by start_time
            range between interval (cast($exercise_baseline_days as integer)) day preceding
            and interval 1 microsecond preceding
        ) as baseline_same_eccentric,
        count(*) filter (where is_said_vigorous or is_hr_vigorous) over w as baseline_vigorous
    from rated
    window w as (
        partition by patient_id order by start_time
        range between interval (cast($exercise_baseline_days as integer)) day preceding
        and interval 1 microsecond preceding
    )
),

judged as (
    select
        *,
        coalesce(is_said_vigorous or is_hr_vigorous, false)
        and baseline_vigorous = 0 as is_vigorous,
        baseline_sessions > 0
        and duration_min >= $exercise_long_session_ratio * baseline_avg_min
        and not is_hr_light as is_long,
        baseline_sessions = 0 and duration_min >= $exercise_unaccustomed_min
        and not is_hr_light as is_unaccustomed,
        is_eccentric_work
        and (
            baseline_same_eccentric = 0
            or duration_min >= $exercise_long_session_ratio * baseline_avg_min
        )
            as is_eccentric,
        coalesce(distance_km, 0) >= $exercise_race_km
        and regexp_matches(activity, $activity_race_pattern)
            as is_race
    from baselined
)

select
    patient_id,
    start_time,
    end_time,
    session_date,
    activity,
    intensity,
    duration_min,
    distance_km,
    elevation_loss_m,
    avg_hr,
    birth_date,
    hr_max_fraction,
    baseline_sessions,
    baseline_avg_min,
    is_vigorous or is_long or is_unaccustomed or is_eccentric or is_race as is_strenuous,
    concat_ws(
        ', ',
        case
            when is_vigorous and not coalesce(is_said_vigorous, false)
                then 'vigorous by heart rate (' || sw_num_text(avg_hr) || ' bpm, '
                    || cast(round(100 * hr_max_fraction) as integer)
                    || '% of the age-predicted maximum), not usual for them'
            when is_vigorous then 'vigorous, not usual for them'
        end,
        case when is_long then sw_num_text(duration_min / baseline_avg_min) || '× usual length' end,
        case when is_unaccustomed then 'unaccustomed' end,
        case when is_eccentric then 'eccentric' end,
        case when is_race then 'race distance' end
    ) as strenuous_because,
    file_id
from judged
where start_time >= recompute_from
