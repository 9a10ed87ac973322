-- Fitbit minute intensities (minuteIntensitiesNarrow: Id, ActivityMinute, Intensity on
-- Fitbit's 0-3 scale) as activity minutes (docs/formats.md "Heart rate and minute
-- intensity"): a fairly (2) or very (3) active minute is one row; sedentary and lightly
-- active minutes are everyday living and are skipped, as less active Fitbit hours are.
-- Minutes that do not parse pass through as they are, so validation quarantines them.
with minutes as (
    select
        r.*,
        try_strptime(r.activityminute, '%m/%d/%Y %I:%M:%S %p') as moment,
        sw_num(r.intensity) as level
    from source_rows r
)

select
    _line,
    _record,
    id as patient_id,
    coalesce(strftime(moment, '%Y-%m-%dT%H:%M:%S'), activityminute) as minute,
    intensity,
    null as steps,
    null as _reject
from minutes
where moment is null or level is null or level >= 2
