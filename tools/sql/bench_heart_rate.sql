-- Second-level heart rate for the ingest-rate bench (tools/bench_heart_rate.py): one sample
-- every $step_seconds seconds over $days days from $start for patient $patient_id, in
-- Fitabase's heartrate_seconds_merged layout (Id, Time, Value): a resting level with
-- deterministic noise and an hour of exercise every evening, so the same arguments give the
-- same bytes.
create or replace temp table bench_heart_rate as
select
    $patient_id as id,
    strftime(t.moment, '%-m/%-d/%Y %-I:%M:%S %p') as time,
    60
    + hash(t.second) % 9
    + case when hour(t.moment) = 18 then 75 else 0 end as value
from (
    select
        s.second,
        cast($start as timestamp) + to_seconds(s.second) as moment
    from range(0, cast($days as bigint) * 86400, cast($step_seconds as bigint)) s (second)
) t
order by t.second
