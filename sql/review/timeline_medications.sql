-- Statin and interacting-drug records of the charted patients that overlap the timeline
-- window, clipped to it; a statin bar is labelled with its daily dose, an interacting drug
-- with the worst label rule it met alongside the statin.
with charted as (select unnest($patient_ids) as patient_id),

levels as (
    select
        patient_id,
        interacting_drug,
        arg_max(level, sw_interaction_rank(level)) as level
    from clinical.interaction_exposures
    group by all
)

select
    m.patient_id,
    case when m.is_statin then 'statin' else 'interacting drug' end as kind,
    case
        when m.is_statin
            then m.statin || coalesce(' ' || sw_num_text(m.daily_dose_mg) || ' mg/day', '')
        else m.interacting_drug || coalesce(' (' || replace(l.level, '_', ' ') || ')', '')
    end as label,
    greatest(m.start_date, cast($window_start as date)) as start_date,
    least(coalesce(m.exposure_end, cast($as_of as date)), cast($as_of as date)) + 1 as end_date
from staging.medications m
semi join charted using (patient_id)
left join levels l using (patient_id, interacting_drug)
where (m.is_statin or m.interacting_drug is not null)
    and m.start_date <= $as_of
    and coalesce(m.exposure_end, cast($as_of as date)) >= cast($window_start as date)
order by m.patient_id asc, m.is_statin desc, m.start_date asc
