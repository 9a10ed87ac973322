-- Strava bulk-export activities.csv as exercise sessions (docs/formats.md "Strava"). Times
-- are UTC in the export and kept with offset 0. Distance: the second "Distance" column of a
-- bulk export is metres; a file with one Distance column is read as metres when any value
-- passes 1000, else km. Intensity follows the activity type (vocabulary/activity_types.csv).
with typed as (
    select
        r.*,
        max(sw_num(r.distance)) over () as max_distance,
        try_strptime(r.activity_date, ['%b %d, %Y, %I:%M:%S %p', '%Y-%m-%d %H:%M:%S']) as started
    from source_rows r
)

select
    t._line,
    t._record,
    $patient_id as patient_id,
    coalesce(strftime(t.started, '%Y-%m-%dT%H:%M:%SZ'), t.activity_date) as start_time,
    round(sw_num(coalesce(t.elapsed_time, t.moving_time)) / 60, 2) as duration_min,
    coalesce(a.activity, lower(t.activity_type)) as activity,
    a.intensity,
    round(case
        when t.distance_1 is not null then sw_num(t.distance_1) / 1000
        when t.max_distance > 1000 then sw_num(t.distance) / 1000
        else sw_num(t.distance)
    end, 3) as distance_km,
    t.elevation_loss as elevation_loss_m,
    t.average_heart_rate as avg_hr,
    nullif(concat_ws(' — ', t.activity_name, t.activity_description), '') as notes,
    case
        when $patient_id is null
            then 'no patient: put this export in a folder named patient_id=<id> under landing/'
    end as _reject
from typed t
left join vocab.activity_types a
    on a.source = 'strava' and lower(a.code) = lower(trim(t.activity_type))
