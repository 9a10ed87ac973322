-- Types landed patient rows and names every schema rule a row breaks (CONTRACT §4.1).
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    sw_date(birth_date) as birth_date,
    upper(trim(sex)) as sex,
    sw_num(weight_kg) as weight_kg,
    sw_num(height_cm) as height_cm,
    sw_num(egfr) as egfr,
    sw_bool(hypothyroid) as hypothyroid,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case
            when sw_bad_date(birth_date)
                then 'unparseable birth_date ' || sw_shown(birth_date)
        end,
        case when sw_date(birth_date) > current_date then 'birth_date in the future' end,
        case
            when not sw_blank(sex) and upper(trim(sex)) not in ('F', 'M', 'U')
                then 'sex must be F, M or U, got ' || sw_shown(sex)
        end,
        case
            when sw_bad_num(weight_kg) or sw_num(weight_kg) not between 1 and 500
                then 'weight_kg out of range (1-500) ' || sw_shown(weight_kg)
        end,
        case
            when sw_bad_num(height_cm) or sw_num(height_cm) not between 30 and 260
                then 'height_cm out of range (30-260) ' || sw_shown(height_cm)
        end,
        case
            when sw_bad_num(egfr) or sw_num(egfr) not between 0 and 250
                then 'egfr out of range (0-250) ' || sw_shown(egfr)
        end,
        case
            when sw_bad_bool(hypothyroid)
                then 'hypothyroid must be true/false, got ' || sw_shown(hypothyroid)
        end
    ), '') as reject_reason
from landing_rows
