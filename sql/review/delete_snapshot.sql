-- Clears one as-of date's snapshot so a re-run of that date replaces it instead of adding to it.
delete from review.cohort_snapshots where as_of = $as_of
