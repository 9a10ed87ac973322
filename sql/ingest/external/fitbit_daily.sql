-- Fitbit / Fitabase daily activity (dailyActivity or dailyIntensities) as daily load rows
-- (docs/formats.md "Fitbit"): very active minutes as one vigorous row and fairly active
-- minutes as one moderate row, each with its distance, placed at noon of the day because
-- the day's summary does not say when. Light and sedentary minutes are everyday living,
-- not exercise. The Fitbit user Id is the patient.
with days as (
    select
        r.*,
        coalesce(r.activitydate, r.activityday) as day_text,
        try_strptime(coalesce(r.activitydate, r.activityday), '%m/%d/%Y') as day
    from source_rows r
)

select
    d._line,
    d._record,
    d.id as patient_id,
    coalesce(strftime(d.day + interval 12 hour, '%Y-%m-%dT%H:%M:%S'), d.day_text) as start_time,
    band.minutes as duration_min,
    'daily active minutes' as activity,
    band.intensity,
    band.distance as distance_km,
    null as _reject
from days d,
    unnest([
        struct_pack(
            intensity := 'vigorous',
            minutes := d.veryactiveminutes,
            distance := d.veryactivedistance
        ),
        struct_pack(
            intensity := 'moderate',
            minutes := d.fairlyactiveminutes,
            distance := d.moderatelyactivedistance
        )
    ]) t (band)
where coalesce(sw_num(band.minutes), -1) <> 0
