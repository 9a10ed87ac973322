-- How many dispositions the review log holds per decision, for run metadata (no patient rows).
select
    decision,
    count(*) as reviews
from review.review_log
group by decision
