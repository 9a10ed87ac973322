-- How many patients of one as-of date's cohort have each priority and status, and how many
-- of them came back with new evidence since their review, for run metadata.
select
    priority,
    status,
    count(*) as patients,
    count(new_evidence) as with_new_evidence
from review.flagged_cohort
where as_of = $as_of
group by all
