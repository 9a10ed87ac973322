-- Cohort rows whose priority is not one of the contract's four, or that lack the
-- STATIN_EXPOSED reason or an explanation: each is a defect in the rules, so this must be 0.
select count(*)
from review.flagged_cohort
where as_of = $as_of
    and (
        priority not in ('urgent', 'high', 'medium', 'low')
        or not list_contains(string_split(reasons, ';'), 'STATIN_EXPOSED')
        or coalesce(trim(explanation), '') = ''
    )
