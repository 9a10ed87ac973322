-- Appends one disposition entered with `statinwatch review`, fingerprinted like a file row
-- (the columns of sql/review/review_log.sql, in its order).
insert into review.review_log by name
select
    *,
    'cli' as source,
    sw_row_fingerprint(row(patient_id, decision, reviewed_by, note, reviewed_at)) as row_hash
from (
    select
        $patient_id as patient_id,
        $decision as decision,
        $reviewed_by as reviewed_by,
        $note as note,
        cast($reviewed_at as timestamp) as reviewed_at,
        cast($cohort_as_of as date) as cohort_as_of
)
returning review_id
