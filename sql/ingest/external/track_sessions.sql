-- TCX Activities and GPX tracks as exercise sessions (docs/formats.md "Activity files"): start
-- at the first point's time with its offset, duration from the laps' TotalTimeSeconds (else
-- last − first point), distance from the laps' DistanceMeters (else along the points),
-- elevation loss smoothed from the track, average heart rate over the points. The maximum heart
-- rate and the climb, which have no column of their own, are named in the notes with the track.
with sessions as (
    select
        t.*,
        -- A GPX type or TCX Sport (Running, Biking) looked up among the generic names and
        -- the GPX types of Garmin and Strava (disjoint); a track without a type goes by its
        -- name.
        lower(trim(coalesce(t.activity_type, t.name))) as code
    from track_sessions t
    where t.start_time is not null
)

select
    s.line as _line,
    s.record as _record,
    $patient_id as patient_id,
    s.start_time,
    round(sw_num(s.duration_s) / 60, 2) as duration_min,
    coalesce(a.activity, s.code) as activity,
    a.intensity,
    round(sw_num(s.distance_m) / 1000, 3) as distance_km,
    round(sw_num(s.elevation_loss_m), 1) as elevation_loss_m,
    round(sw_num(s.avg_hr), 1) as avg_hr,
    nullif(concat_ws(
        '; ',
        s.name,
        'max HR ' || sw_num_text(sw_num(s.max_hr)) || ' bpm',
        'climb ' || sw_num_text(sw_num(s.elevation_gain_m)) || ' m'
    ), '') as notes,
    case
        when $patient_id is null
            then 'no patient: put this export in a folder named patient_id=<id> under landing/'
    end as _reject
from sessions s
left join vocab.activity_types a
    on a.source in ('generic', 'gpx') and lower(a.code) = s.code
