-- The patients with sessions in files staged since the last build, and their earliest new
-- session: it and every later session of theirs may have a different baseline now (a late
-- file can bring sessions older than ones already judged).
create or replace temp table touched_exercise as
select
    patient_id,
    min(start_time) as recompute_from
from staging.exercise
where file_id > $last_file_id
group by patient_id
