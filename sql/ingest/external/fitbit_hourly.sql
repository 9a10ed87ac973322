-- Fitbit / Fitabase hourly intensities as exercise sessions (docs/formats.md "Fitbit"): an
-- hour averaging at least fairly active (AverageIntensity >= 1.5 of 3) is active, and runs
-- of consecutive active hours form one session. Its minutes are TotalIntensity / 2 (fairly
-- active minutes, 2 each) at most 60 an hour; a session averaging >= 2.5 is vigorous.
-- A session lists the hours it was made of (_source_lines), each a row read. Hours that do
-- not parse pass through as they are, so validation quarantines them; less active hours are
-- skipped.
with hours as (
    select
        r.*,
        sw_fitbit_ts(r.activityhour) as hour_start,
        sw_num(r.averageintensity) as average_intensity,
        sw_num(r.totalintensity) as total_intensity
    from source_rows r
),

active as (
    select
        *,
        hour_start - to_hours(
            cast(row_number() over (partition by id order by hour_start) as bigint)
        ) as island
    from hours
    where hour_start is not null and average_intensity >= 1.5 and total_intensity is not null
)

select
    min(_line) as _line,
    list(_line order by _line) as _source_lines,
    arg_min(_record, _line) as _record,
    id as patient_id,
    strftime(min(hour_start), '%Y-%m-%dT%H:%M:%S') as start_time,
    sum(least(total_intensity / 2, 60)) as duration_min,
    'active hours' as activity,
    case when avg(average_intensity) >= 2.5 then 'vigorous' else 'moderate' end as intensity,
    null as _reject
from active
group by id, island
union all
select
    _line,
    null,
    _record,
    id,
    activityhour,
    totalintensity,
    'active hours',
    null,
    null
from hours
where hour_start is null or average_intensity is null or total_intensity is null
