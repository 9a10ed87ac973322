-- Fitbit minute steps (minuteStepsNarrow: Id, ActivityMinute, Steps) as activity minutes
-- (docs/formats.md "Heart rate and minute intensity"): a minute of at least 100 steps, the
-- cadence of moderate walking (Tudor-Locke et al., Br J Sports Med 2018;52:776), is one row;
-- slower minutes are skipped. Minutes that do not parse pass through for validation.
with minutes as (
    select
        r.*,
        try_strptime(r.activityminute, '%m/%d/%Y %I:%M:%S %p') as moment,
        sw_num(r.steps) as step_count
    from source_rows r
)

select
    _line,
    _record,
    id as patient_id,
    coalesce(strftime(moment, '%Y-%m-%dT%H:%M:%S'), activityminute) as minute,
    null as intensity,
    steps,
    null as _reject
from minutes
where moment is null or step_count is null or step_count >= 100
