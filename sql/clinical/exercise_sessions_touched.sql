-- The patients with sessions in files staged since the last build, or whose sessions the
-- device step changed since (a heart-rate file attached to a session, a device session made
-- or dropped: staging.exercise_changes), and the earliest change: it and every later session
-- of theirs may have a different baseline now (a late file can bring sessions older than ones
-- already judged). Also the patients whose sessions were judged by heart rate under another
-- birth date than theirs now (a patient record that came after its sessions moves the
-- age-predicted maximum): from their first such session.
create or replace temp table touched_exercise as
with touched as (
    select
        patient_id,
        min(start_time) as recompute_from
    from staging.exercise
    where file_id > $last_file_id
    group by patient_id
    union all
    select
        patient_id,
        min(changed_from)
    from staging.exercise_changes
    where file_id > $last_file_id
    group by patient_id
    union all
    select
        e.patient_id,
        min(e.start_time)
    from clinical.exercise_sessions e
    left join staging.patients p using (patient_id)
    where e.avg_hr is not null and e.birth_date is distinct from p.birth_date
    group by e.patient_id
)

select
    patient_id,
    min(recompute_from) as recompute_from
from touched
group by patient_id
