-- Patients whose staged exercise sessions the device step changed (heart rate attached,
-- device sessions made or dropped), from when, under the newest file staging had taken: the
-- clinical judgement re-judges them (sql/clinical/exercise_sessions_touched.sql).
create table if not exists staging.exercise_changes (
    patient_id varchar not null,
    changed_from timestamp not null,
    file_id bigint not null
);
