-- Forgets the judgements the new sessions may change, so they are made again.
delete from clinical.exercise_sessions e
using touched_exercise t
where e.patient_id = t.patient_id and e.start_time >= t.recompute_from
