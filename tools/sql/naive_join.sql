-- The design card's literal rule, for comparison: statin exposure (current or ended within
-- 90 days) joined to any symptom report in the 30 days before the as-of date.
select distinct m.patient_id
from staging.medications m
join staging.symptoms s using (patient_id)
where m.is_statin
    and m.start_date <= $as_of
    and (
        coalesce(m.exposure_end, cast($as_of as date))
        >= cast($as_of as date) - $exposure_lookback_days
    )
    and s.report_date between cast($as_of as date) - $symptoms_window_days and $as_of
