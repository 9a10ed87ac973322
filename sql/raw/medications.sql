-- Types landed medication rows and names every schema rule a row breaks (CONTRACT §4.2).
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    trim(drug) as drug,
    nullif(trim(rxnorm), '') as rxnorm,
    sw_num(dose_mg) as dose_mg,
    coalesce(sw_num(doses_per_day), 1) as doses_per_day,
    sw_date(start_date) as start_date,
    sw_date(end_date) as end_date,
    try_cast(sw_num(days_supply) as integer) as days_supply,
    lower(nullif(trim(record_type), '')) as record_type,
    lower(nullif(trim(status), '')) as status,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case when sw_blank(drug) then 'missing drug' end,
        case when sw_blank(start_date) then 'missing start_date' end,
        case
            when sw_bad_date(start_date)
                then 'unparseable start_date ' || sw_shown(start_date)
        end,
        case when sw_bad_date(end_date) then 'unparseable end_date ' || sw_shown(end_date) end,
        case when sw_date(end_date) < sw_date(start_date) then 'end_date before start_date' end,
        case
            when sw_bad_num(dose_mg) or sw_num(dose_mg) <= 0 or sw_num(dose_mg) > 5000
                then 'dose_mg must be a positive number of mg, got ' || sw_shown(dose_mg)
        end,
        case
            when sw_bad_num(doses_per_day) or sw_num(doses_per_day) <= 0
                or sw_num(doses_per_day) > 24
                then 'doses_per_day out of range (0-24] ' || sw_shown(doses_per_day)
        end,
        case
            when sw_bad_num(days_supply) or sw_num(days_supply) < 1 or sw_num(days_supply) > 400
                or sw_num(days_supply) <> round(sw_num(days_supply))
                then 'days_supply must be a whole number of days (1-400), got '
                    || sw_shown(days_supply)
        end,
        case
            when not sw_blank(record_type)
                and lower(trim(record_type)) not in ('prescription', 'dispense', 'statement')
                then 'unknown record_type ' || sw_shown(record_type)
        end,
        case
            when not sw_blank(status)
                and lower(trim(status)) not in ('active', 'stopped', 'completed')
                then 'unknown status ' || sw_shown(status)
        end
    ), '') as reject_reason
from landing_rows
