-- The as-of date of the current clinical evaluation: the date the cohort checks examine.
select max(as_of) from clinical.patient_evaluation
