-- Exercise sessions of the charted patients in the timeline window, with whether the rules
-- judged them strenuous (and why), for the timeline chart.
with charted as (select unnest($patient_ids) as patient_id)

select
    e.patient_id,
    e.start_time,
    e.activity,
    coalesce(e.intensity, 'not given') as intensity,
    e.duration_min,
    coalesce(e.is_strenuous, false) as is_strenuous,
    nullif(e.strenuous_because, '') as strenuous_because
from clinical.exercise_sessions e
semi join charted using (patient_id)
where e.session_date >= cast($window_start as date) and e.session_date <= $as_of
order by e.patient_id, e.start_time
