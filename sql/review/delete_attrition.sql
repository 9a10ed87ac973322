-- Clears one as-of date's attrition so a re-run of that date replaces it.
delete from review.attrition where as_of = $as_of
