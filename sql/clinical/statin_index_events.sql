-- Index events after which statin muscle symptoms typically begin (clinical.md §3, §8.2):
-- initiation (no statin in the washout before), restart after a stop (a rechallenge),
-- switch to another statin, dose or intensity increase, and the start of an interacting drug
-- while on a statin. Refills at the same dose are not events.
create or replace table clinical.statin_index_events as
with records as (
    select
        patient_id,
        statin,
        daily_dose_mg,
        case intensity when 'high' then 3 when 'moderate' then 2 when 'low' then 1 else 0 end
            as intensity_rank,
        start_date,
        coalesce(exposure_end, cast($as_of as date)) as end_date
    from staging.medications
    where is_statin and start_date <= $as_of
),

sequenced as (
    select
        *,
        lag(statin) over w as previous_statin,
        lag(daily_dose_mg) over w as previous_dose_mg,
        lag(intensity_rank) over w as previous_intensity_rank,
        max(end_date) over (
            partition by patient_id order by start_date, end_date
            rows between unbounded preceding and 1 preceding
        ) as previous_end
    from records
    window w as (partition by patient_id order by start_date, end_date)
),

statin_events as (
    select
        patient_id,
        start_date as event_date,
        case
            when
                previous_end is null or start_date > previous_end + $exposure_washout_days
                then 'initiation'
            when start_date > previous_end + $exposure_era_gap_days then 'restart'
            when statin <> previous_statin then 'switch'
            when
                daily_dose_mg > previous_dose_mg or intensity_rank > previous_intensity_rank
                then 'dose_increase'
        end as event_type,
        statin,
        daily_dose_mg,
        previous_statin,
        previous_dose_mg,
        cast(null as varchar) as interacting_drug
    from sequenced
),

interacting_starts as (
    select
        i.patient_id,
        i.start_date as event_date,
        'interacting_drug_start' as event_type,
        s.statin,
        s.daily_dose_mg,
        cast(null as varchar) as previous_statin,
        cast(null as double) as previous_dose_mg,
        i.interacting_drug
    from (
        select
            *,
            max(coalesce(exposure_end, cast($as_of as date))) over (
                partition by patient_id, interacting_drug order by start_date
                rows between unbounded preceding and 1 preceding
            ) as previous_end
        from staging.medications
        where interacting_drug is not null and start_date <= $as_of
    ) i
    join records s
        on s.patient_id = i.patient_id and i.start_date between s.start_date and s.end_date
    where i.previous_end is null or i.start_date > i.previous_end + $exposure_era_gap_days
    qualify row_number()
            over (
                partition by i.patient_id, i.interacting_drug, i.start_date
                order by s.start_date desc
            )
        = 1
)

select
    *,
    cast($as_of as date) as as_of
from statin_events where event_type is not null
union all
select
    *,
    cast($as_of as date) as as_of
from interacting_starts
