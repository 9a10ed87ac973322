-- Flagged patients of one as-of date without a statin era current or ended within the
-- look-back: the contract says such a patient is never in the cohort, so this must be 0.
select count(*)
from review.flagged_cohort s
where s.as_of = $as_of
    and not exists (
        select 1
        from clinical.statin_eras e
        where e.patient_id = s.patient_id
            and e.era_end >= s.as_of - $exposure_lookback_days
            and e.era_start <= s.as_of
    )
