-- Statin records overlapping an interacting drug in the exposure look-back, judged against
-- the FDA label rules of vocabulary/interaction_rules.csv: contraindicated and "avoid"
-- combinations, and dose limits, breach whenever they overlap; "caution" only informs.
create or replace table clinical.interaction_exposures as
with statins as (
    select
        patient_id,
        statin,
        daily_dose_mg,
        start_date,
        coalesce(exposure_end, cast($as_of as date)) as end_date
    from staging.medications
    where is_statin and start_date <= $as_of
),

interacting as (
    select
        patient_id,
        interacting_drug,
        interacting_class,
        start_date,
        coalesce(exposure_end, cast($as_of as date)) as end_date
    from staging.medications
    where interacting_drug is not null and start_date <= $as_of
)

select
    s.patient_id,
    s.statin,
    s.daily_dose_mg,
    i.interacting_drug,
    r.level,
    try_cast(r.max_daily_mg as double) as max_daily_mg,
    r.level in ('contraindicated', 'avoid')
    or (r.level = 'dose_limit' and s.daily_dose_mg > try_cast(r.max_daily_mg as double))
        as is_breach,
    greatest(s.start_date, i.start_date) as overlap_start,
    least(s.end_date, i.end_date, cast($as_of as date)) as overlap_end,
    r.source,
    cast($as_of as date) as as_of
from statins s
join interacting i
    on i.patient_id = s.patient_id and i.start_date <= s.end_date and s.start_date <= i.end_date
join vocab.interaction_rules r
    on (r.statin = s.statin or r.statin = '*')
        and (r.interacting = i.interacting_drug or r.interacting = i.interacting_class)
where least(s.end_date, i.end_date, cast($as_of as date))
    >= cast($as_of as date) - $exposure_lookback_days
