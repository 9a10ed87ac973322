-- Gives each logged session of a touched day that has no heart rate of its own the heart-rate
-- minutes inside it, [start_time, end_time): their mean (time-weighted, a minute each), the
-- highest and how many minutes had one. A Fitbit daily summary is placed at noon by
-- convention, not when it happened, so nothing is attached to it (staging/exercise.sql stages
-- the sessions that may take minutes with hr_minutes 0). A session with no minute inside
-- keeps that 0: minutes only ever add up, so only the sessions with some are written. A logged
-- session is known by its file and line (one line, one session, but for the daily summaries
-- excluded here), which Spark has too; DuckDB's rowid it has not.
update staging.exercise s
set
    avg_hr = a.avg_hr,
    max_hr = a.max_hr,
    hr_minutes = a.hr_minutes,
    hr_source = 'device',
    load_file_id = a.load_file_id
from (
    select
        e.file_id,
        e.line,
        round(avg(m.bpm_avg), 1) as avg_hr,
        max(m.bpm_max) as max_hr,
        count(m.bpm_avg) as hr_minutes,
        max(m.heart_file_id) as load_file_id
    from staging.exercise e
    inner join day_minutes m
        on
            m.patient_id = e.patient_id
            and m.minute >= e.start_time
            and m.minute < e.end_time
            and m.bpm_avg is not null
    where
        -- Staged with hr_minutes: a log without a heart rate of its own, not a daily summary.
        e.origin = 'log'
        and e.hr_minutes is not null
        and exists (
            select 1
            from touched_days t
            where
                t.patient_id = e.patient_id
                and t.day between e.session_date and cast(e.end_time as date)
        )
    group by e.file_id, e.line
) a
where
    s.file_id = a.file_id
    and s.line = a.line
    and s.origin = 'log'
    and s.hr_minutes is not null
