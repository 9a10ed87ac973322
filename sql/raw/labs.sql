-- Types landed lab results and names every schema rule a row breaks (CONTRACT §4.5).
-- CK must come in a unit we can convert to U/L; other tests keep whatever unit they carry.
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    sw_wall_ts(collected_at) as collected_at,
    sw_offset_min(collected_at) as utc_offset_min,
    trim(test) as test,
    sw_num(value) as value,
    nullif(trim(unit), '') as unit,
    sw_num(ref_high) as ref_high,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case when sw_blank(collected_at) then 'missing collected_at' end,
        case
            when not sw_blank(collected_at) and sw_wall_ts(collected_at) is null
                then 'unparseable collected_at ' || sw_shown(collected_at)
        end,
        case when sw_blank(test) then 'missing test' end,
        case when sw_blank(value) then 'missing value' end,
        case when sw_bad_num(value) then 'value is not a number ' || sw_shown(value) end,
        case
            when sw_is_ck(test) and sw_num(value) <= 0
                then 'CK value must be > 0, got ' || sw_shown(value)
        end,
        case
            when sw_is_ck(test) and sw_ck_factor(unit) is null
                then 'unknown CK unit ' || sw_shown(unit) || ' (expected U/L or ukat/L)'
        end,
        case
            when sw_bad_num(ref_high) or sw_num(ref_high) <= 0
                then 'ref_high must be a positive number, got ' || sw_shown(ref_high)
        end
    ), '') as reject_reason
from landing_rows
