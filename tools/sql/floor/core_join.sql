-- The floor's core join over the five streams it read as text (read_*.sql): statin exposure ×
-- recent symptoms × CK against the patient's limit × recent exercise, typed as it goes, with
-- none of the pipeline's validation, accounting or history. Every exercise row is aggregated
-- (not just the recent ones).
with meds as (
    select
        patient_id,
        lower(drug) as drug,
        try_cast(start_date as date) as start_date,
        coalesce(
            try_cast(end_date as date),
            try_cast(start_date as date) + coalesce(try_cast(days_supply as integer), 30)
        ) as end_date
    from medications
),

exposed as (
    select
        patient_id,
        max(end_date) as last_end
    from meds
    where
        regexp_matches(drug, 'statin|lipitor|zocor|crestor|vytorin|caduet|livalo|pravachol|lescol')
        and start_date <= cast($as_of as date)
    group by patient_id
    having max(end_date) >= cast($as_of as date) - 90
),

symptoms as (
    select
        patient_id,
        count(*) as reports,
        max(try_cast(severity as double)) as worst
    from symptoms
    where
        cast(left(reported_at, 10) as date)
        between cast($as_of as date) - 30 and cast($as_of as date)
    group by patient_id
),

ck as (
    select
        patient_id,
        max(
            try_cast(l.value as double)
            / coalesce(try_cast(l.ref_high as double), if(p.sex = 'M', 308, 192))
        ) as ck_x
    from labs l
    left join patients p using (patient_id)
    where l.test in ('CK', '2157-6')
    group by l.patient_id
),

exercise as (
    select
        patient_id,
        count(*) filter (
            where cast(left(start_time, 10) as date) >= cast($as_of as date) - 35
        ) as sessions,
        sum(try_cast(duration_min as double)) as minutes
    from exercise
    group by patient_id
)

select
    e.patient_id,
    s.reports,
    s.worst,
    c.ck_x,
    x.sessions,
    x.minutes
from exposed e
join symptoms s using (patient_id)
left join ck c using (patient_id)
left join exercise x using (patient_id)
