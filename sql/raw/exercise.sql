-- Types landed exercise sessions and names every schema rule a row breaks (CONTRACT §4.3).
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    sw_wall_ts(start_time) as start_time,
    sw_offset_min(start_time) as utc_offset_min,
    sw_num(duration_min) as duration_min,
    lower(trim(activity)) as activity,
    lower(nullif(trim(intensity), '')) as intensity,
    sw_num(avg_hr) as avg_hr,
    sw_num(distance_km) as distance_km,
    sw_num(elevation_loss_m) as elevation_loss_m,
    sw_num(rpe) as rpe,
    sw_num(soreness) as soreness,
    nullif(trim(notes), '') as notes,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case when sw_blank(start_time) then 'missing start_time' end,
        case
            when not sw_blank(start_time) and sw_wall_ts(start_time) is null
                then 'unparseable start_time ' || sw_shown(start_time)
        end,
        case when sw_blank(duration_min) then 'missing duration_min' end,
        case
            when sw_bad_num(duration_min) or sw_num(duration_min) <= 0
                or sw_num(duration_min) > 1440
                then 'duration_min must be > 0 and at most a day (1440), got '
                    || sw_shown(duration_min)
        end,
        case when sw_blank(activity) then 'missing activity' end,
        case
            when not sw_blank(intensity)
                and lower(trim(intensity)) not in ('light', 'moderate', 'vigorous')
                then 'intensity must be light, moderate or vigorous, got ' || sw_shown(intensity)
        end,
        case
            when sw_bad_num(avg_hr) or sw_num(avg_hr) not between 20 and 250
                then 'avg_hr out of range (20-250) ' || sw_shown(avg_hr)
        end,
        case
            when sw_bad_num(distance_km) or sw_num(distance_km) not between 0 and 1000
                then 'distance_km out of range (0-1000) ' || sw_shown(distance_km)
        end,
        case
            when sw_bad_num(elevation_loss_m) or sw_num(elevation_loss_m) not between 0 and 20000
                then 'elevation_loss_m out of range (0-20000) ' || sw_shown(elevation_loss_m)
        end,
        case
            when sw_bad_num(rpe) or sw_num(rpe) not between 1 and 10
                then 'rpe out of range (1-10) ' || sw_shown(rpe)
        end,
        case
            when sw_bad_num(soreness) or sw_num(soreness) not between 0 and 10
                then 'soreness out of range (0-10) ' || sw_shown(soreness)
        end
    ), '') as reject_reason
from landing_rows
