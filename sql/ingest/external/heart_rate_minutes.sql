-- Heart-rate samples (the `heart_rate_samples` view each format's loader makes: Fitbit, Apple
-- Health, FHIR 8867-4; each parses its own time format once, as `wall_ts` and
-- `utc_offset_min`) as one row per patient and wall-clock minute: the mean and highest bpm
-- of its samples and how many there were (docs/formats.md "Heart rate and minute intensity").
-- A minute lists its samples (_source_lines), each a row read, so the file's accounting counts
-- samples while raw.heart_rate holds minutes. A sample the loader refused, or whose time or
-- value does not parse or is no human heart rate, comes through alone: validation quarantines
-- it under its own line. A sample naming no patient takes the export's patient folder.
with samples as (
    select
        _line,
        coalesce(patient_id, $patient_id) as patient_id,
        taken_at,
        bpm,
        coalesce(
            _reject,
            case
                when coalesce(patient_id, $patient_id) is null
                    then 'no patient: the sample names none (put such an export in a folder '
                        || 'named patient_id=<id> under landing/)'
            end
        ) as _reject,
        wall_ts,
        date_trunc('minute', wall_ts) as minute,
        utc_offset_min,
        sw_num(bpm) as value
    from heart_rate_samples
),

usable as (
    select
        *,
        _reject is null and minute is not null and coalesce(value between 20 and 250, false)
            as is_usable
    from samples
)

select
    min(_line) as _line,
    list(_line order by _line) as _source_lines,
    cast(to_json(struct_pack(minute := min(minute), samples := count(*))) as varchar) as _record,
    patient_id,
    strftime(minute, '%Y-%m-%dT%H:%M:%S') as minute,
    utc_offset_min,
    round(avg(value), 2) as bpm_avg,
    max(value) as bpm_max,
    count(*) as samples,
    null as _reject
from usable
where is_usable
group by patient_id, minute, utc_offset_min
union all
select
    _line,
    null,
    cast(to_json(struct_pack(taken_at := taken_at, bpm := bpm)) as varchar),
    patient_id,
    coalesce(strftime(wall_ts, '%Y-%m-%dT%H:%M:%S'), taken_at),
    null,
    bpm,
    null,
    1,
    _reject
from usable
where not is_usable
