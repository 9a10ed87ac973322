-- Forgets the device sessions of the touched days, so they are made again from all of the
-- day's minutes and logs (exercise_device_sessions.sql).
delete from staging.exercise e
using touched_days t
where e.origin = 'device' and e.patient_id = t.patient_id and e.session_date = t.day
