-- The patients with sessions in files staged since the last build, or whose sessions the
-- device step changed since (a heart-rate file attached to a session, a device session made
-- or dropped: staging.exercise_changes), and the earliest change: it and every later session
-- of theirs may have a different baseline now (a late file can bring sessions older than ones
-- already judged).
create or replace temp table touched_exercise as
select
    patient_id,
    min(recompute_from) as recompute_from
from (
    select
        patient_id,
        start_time as recompute_from
    from staging.exercise
    where file_id > $last_file_id
    union all
    select
        patient_id,
        changed_from as recompute_from
    from staging.exercise_changes
    where file_id > $last_file_id
)
group by patient_id
