-- Apple Health Workout elements as exercise sessions (docs/formats.md "Apple Health"):
-- duration in its unit (else end − start), distance from totalDistance or a distance
-- WorkoutStatistics child, average heart rate from the HeartRate statistics, descent from
-- HKElevationDescended metadata where present. Times keep the export's offset.
select
    w.line as _line,
    w.record as _record,
    $patient_id as patient_id,
    w.start_date as start_time,
    round(coalesce(
        sw_num(w.duration) * sw_unit_minutes(coalesce(w.duration_unit, 'min')),
        date_diff('second', sw_wall_ts(w.start_date), sw_wall_ts(w.end_date)) / 60.0
    ), 2) as duration_min,
    coalesce(
        a.activity, lower(regexp_replace(w.activity_type, '^HKWorkoutActivityType', ''))
    ) as activity,
    a.intensity,
    round(coalesce(
        sw_km(sw_num(w.total_distance), w.total_distance_unit),
        sw_km(sw_num(w.distance_sum), w.distance_unit)
    ), 3) as distance_km,
    round(sw_text_metres(w.elevation_descended), 1) as elevation_loss_m,
    round(sw_num(w.avg_hr), 1) as avg_hr,
    case
        when $patient_id is null
            then 'no patient: put this export in a folder named patient_id=<id> under landing/'
    end as _reject
from apple_workouts w
left join vocab.activity_types a
    on a.source = 'apple_health'
        and a.code = regexp_replace(w.activity_type, '^HKWorkoutActivityType', '')
