-- Types the active minutes of a Fitbit minute export (docs/formats.md "Heart rate and minute
-- intensity") and names every rule a row breaks: intensity is Fitbit's 0-3 scale, steps a
-- minute's count (a human cadence stays under 300 steps a minute).
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    sw_wall_ts(minute) as minute,
    cast(sw_num(intensity) as integer) as intensity,
    cast(sw_num(steps) as integer) as steps,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case when sw_blank(minute) then 'missing minute' end,
        case
            when not sw_blank(minute) and sw_wall_ts(minute) is null
                then 'unparseable minute ' || sw_shown(minute)
        end,
        case
            when sw_bad_num(intensity) or sw_num(intensity) not in (0, 1, 2, 3)
                then 'intensity must be 0-3, got ' || sw_shown(intensity)
        end,
        case
            when sw_bad_num(steps) or sw_num(steps) not between 0 and 300
                then 'steps out of range (0-300) ' || sw_shown(steps)
        end
    ), '') as reject_reason
from landing_rows
