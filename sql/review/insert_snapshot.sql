-- The flagged cohort of one as-of date; first_flagged and status come from the snapshots
-- of earlier dates, so history decides what is new.
insert into review.cohort_snapshots
select
    e.as_of,
    e.patient_id,
    e.priority,
    e.reasons,
    e.explanation,
    e.statin,
    e.daily_dose_mg,
    coalesce(h.first_flagged, e.as_of) as first_flagged,
    case when h.first_flagged is null then 'new' else 'ongoing' end as status,
    e.risk_score,
    e.rules_version
from clinical.patient_evaluation e
left join (
    select patient_id, min(as_of) as first_flagged
    from review.cohort_snapshots
    where as_of < $as_of
    group by patient_id
) h using (patient_id)
where e.is_flagged
