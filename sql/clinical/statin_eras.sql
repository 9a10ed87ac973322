-- Statin exposure eras as of the run date, OHDSI style: each record runs to its exposure
-- end (open records to the as-of date), records of any statin at most $exposure_era_gap_days
-- apart merge into one era, and nothing that starts after the as-of date is seen.
create or replace table clinical.statin_eras as
with exposures as (
    select
        patient_id,
        statin,
        daily_dose_mg,
        intensity,
        start_date,
        coalesce(exposure_end, cast($as_of as date)) as end_date
    from staging.medications
    where is_statin and start_date <= $as_of
),

ordered as (
    select
        *,
        max(end_date) over (
            partition by patient_id order by start_date, end_date
            rows between unbounded preceding and 1 preceding
        ) as previous_end
    from exposures
),

numbered as (
    select
        *,
        sum(
            case
                when
                    previous_end is null or start_date > previous_end + $exposure_era_gap_days
                    then 1
                else 0
            end
        )
            over (partition by patient_id order by start_date, end_date rows unbounded preceding)
            as era_no
    from ordered
)

select
    patient_id,
    era_no,
    min(start_date) as era_start,
    max(end_date) as era_end,
    max(end_date) >= $as_of as is_current,
    arg_max(statin, start_date) as latest_statin,
    arg_max(daily_dose_mg, start_date) as latest_daily_dose_mg,
    arg_max(intensity, start_date) as latest_intensity,
    max(daily_dose_mg) as max_daily_dose_mg,
    count(*) as records,
    cast($as_of as date) as as_of
from numbered
group by patient_id, era_no
