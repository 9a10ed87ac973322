-- Types the heart-rate minutes an export's mapping made of its samples and names every rule a
-- row breaks (docs/formats.md "Heart rate and minute intensity"): a sample whose time or
-- value does not parse, or whose value is no human heart rate, comes through alone and is
-- quarantined here under its own line.
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    sw_wall_ts(minute) as minute,
    cast(sw_num(utc_offset_min) as integer) as utc_offset_min,
    sw_num(bpm_avg) as bpm_avg,
    coalesce(sw_num(bpm_max), sw_num(bpm_avg)) as bpm_max,
    cast(coalesce(sw_num(samples), 1) as integer) as samples,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case when sw_blank(minute) then 'missing time' end,
        case
            when not sw_blank(minute) and sw_wall_ts(minute) is null
                then 'unparseable time ' || sw_shown(minute)
        end,
        case when sw_blank(bpm_avg) then 'missing heart rate' end,
        case
            when sw_bad_num(bpm_avg) or sw_num(bpm_avg) not between 20 and 250
                then 'heart rate out of range (20-250) ' || sw_shown(bpm_avg)
        end
    ), '') as reject_reason
from landing_rows
