-- Fitbit minute files (minuteIntensitiesNarrow: Id, ActivityMinute, Intensity on Fitbit's 0-3
-- scale; minuteStepsNarrow: Id, ActivityMinute, Steps) as activity minutes (docs/formats.md
-- "Heart rate and minute intensity"). A minute is a row when it is at least moderately active:
-- fairly (2) or very (3) active, or at least 100 steps, the cadence of moderate walking
-- (Tudor-Locke et al., Br J Sports Med 2018;52:776); slower minutes are everyday living and are
-- skipped, as less active Fitbit hours are. The column a file lacks is null. Minutes that do
-- not parse pass through as they are, so validation quarantines them.
select
    _line,
    _record,
    id as patient_id,
    sw_fitbit_iso(activityminute) as minute,
    intensity,
    steps,
    null as _reject
from source_rows
where
    sw_fitbit_ts(activityminute) is null
    or coalesce(sw_num(intensity) >= 2, sw_num(steps) >= 100, true)
