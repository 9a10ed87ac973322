-- Symptom reports of the charted patients in the timeline window, severity 0-10 (null when not
-- given), with dark urine marked, for the timeline chart.
with charted as (select unnest($patient_ids) as patient_id)

select
    s.patient_id,
    s.reported_at,
    s.symptom,
    s.is_muscle_symptom,
    s.severity,
    s.dark_urine
from staging.symptoms s
semi join charted using (patient_id)
where s.report_date >= cast($window_start as date) and s.report_date <= $as_of
order by s.patient_id, s.reported_at
