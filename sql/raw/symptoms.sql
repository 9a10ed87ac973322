-- Types landed symptom reports and names every schema rule a row breaks (CONTRACT §4.4).
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    sw_wall_ts(reported_at) as reported_at,
    sw_offset_min(reported_at) as utc_offset_min,
    lower(trim(symptom)) as symptom,
    sw_num(severity) as severity,
    lower(nullif(trim(body_site), '')) as body_site,
    lower(nullif(trim(side), '')) as side,
    sw_bool(nocturnal) as nocturnal,
    sw_bool(dark_urine) as dark_urine,
    nullif(trim(notes), '') as notes,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case when sw_blank(reported_at) then 'missing reported_at' end,
        case
            when not sw_blank(reported_at) and sw_wall_ts(reported_at) is null
                then 'unparseable reported_at ' || sw_shown(reported_at)
        end,
        case when sw_blank(symptom) then 'missing symptom' end,
        case
            when sw_bad_num(severity) or sw_num(severity) not between 0 and 10
                then 'severity must be 0-10, got ' || sw_shown(severity)
        end,
        case
            when not sw_blank(side) and lower(trim(side)) not in ('left', 'right', 'both')
                then 'side must be left, right or both, got ' || sw_shown(side)
        end,
        case
            when sw_bad_bool(nocturnal)
                then 'nocturnal must be true/false, got ' || sw_shown(nocturnal)
        end,
        case
            when sw_bad_bool(dark_urine)
                then 'dark_urine must be true/false, got ' || sw_shown(dark_urine)
        end
    ), '') as reject_reason
from landing_rows
