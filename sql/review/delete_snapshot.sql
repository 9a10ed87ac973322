-- Clears one as-of date's snapshot so a re-run of that date replaces it instead of adding to it.
delete from review.flagged_cohort where as_of = $as_of
