-- Garmin Connect Activities.csv as exercise sessions (docs/formats.md "Garmin"): Date is the
-- local start, Time the duration (h:mm:ss), Distance km, Total Descent metres, "--" none.
select
    r._line,
    r._record,
    $patient_id as patient_id,
    r.date as start_time,
    round(sw_clock_minutes(r.time), 2) as duration_min,
    coalesce(a.activity, lower(r.activity_type)) as activity,
    a.intensity,
    sw_export_num(r.distance) as distance_km,
    sw_export_num(r.total_descent) as elevation_loss_m,
    sw_export_num(r.avg_hr) as avg_hr,
    r.title as notes,
    case
        when $patient_id is null
            then 'no patient: put this export in a folder named patient_id=<id> under landing/'
    end as _reject
from source_rows r
left join vocab.activity_types a
    on a.source = 'garmin' and lower(a.code) = lower(trim(r.activity_type))
