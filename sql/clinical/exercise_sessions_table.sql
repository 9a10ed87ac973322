-- Every exercise session judged against the patient's usual load, kept across runs: a
-- session's judgement depends only on the sessions before it, so it is computed once when its
-- file arrives (exercise_sessions.sql) instead of again every day.
create table if not exists clinical.exercise_sessions (
    patient_id varchar,
    start_time timestamp,
    end_time timestamp,
    session_date date,
    activity varchar,
    intensity varchar,
    duration_min double,
    distance_km double,
    elevation_loss_m double,
    avg_hr double,
    birth_date date,
    hr_max_fraction double,
    baseline_sessions bigint,
    baseline_avg_min double,
    is_strenuous boolean,
    strenuous_because varchar,
    file_id bigint
)
