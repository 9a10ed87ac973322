-- Types landing/reviews/ files' dispositions and names every rule a row breaks: a
-- disposition needs a patient seen in a cohort by then, a known decision, a reviewer and a time.
select
    _line as line,
    _row,
    _file_id as file_id,
    trim(patient_id) as patient_id,
    lower(trim(decision)) as decision,
    trim("by") as reviewed_by,
    nullif(trim(note), '') as note,
    sw_wall_ts(reviewed_at) as reviewed_at,
    nullif(concat_ws(
        '; ',
        $missing_columns,
        case when sw_blank(patient_id) then 'missing patient_id' end,
        case
            when sw_blank(decision) then 'missing decision'
            when lower(trim(decision)) not in ('confirmed', 'dismissed', 'escalated')
                then 'decision must be confirmed, dismissed or escalated, got '
                    || sw_shown(decision)
        end,
        case when sw_blank("by") then 'missing by' end,
        case
            when sw_blank(reviewed_at) then 'missing reviewed_at'
            when sw_wall_ts(reviewed_at) is null
                then 'unparseable reviewed_at ' || sw_shown(reviewed_at)
        end,
        case
            when not sw_blank(patient_id) and sw_wall_ts(reviewed_at) is not null
                and not exists (
                    select 1 from review.flagged_cohort s
                    where s.patient_id = trim(landing_rows.patient_id)
                        and s.as_of <= cast(sw_wall_ts(landing_rows.reviewed_at) as date)
                )
                then 'patient ' || sw_shown(patient_id)
                    || ' is in no cohort on or before reviewed_at'
        end
    ), '') as reject_reason
from landing_rows
