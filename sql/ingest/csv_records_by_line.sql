-- Numbers each kept CSV record by its line (ordinality + 1, the header being line 1). The
-- reader numbers only the records it kept, so every later record moved up one per rejected
-- line: a kept record comes after each rejected line that had fewer kept records before it.
-- Only run for a file with rejected lines (the others are numbered as read); replaces the
-- table it reads.
create or replace temp table landing_file as
with rejected as (
    select
        line,
        row_number() over (order by line) as rejected_so_far
    from (select distinct line from csv_rejects where line is not null)
),

shifts as (
    select
        line - rejected_so_far - 1 as kept_before,
        max(rejected_so_far) as shift
    from rejected
    group by all
)

select
    r.* exclude (ordinality),
    r.ordinality + coalesce(s.shift, 0) as ordinality
from landing_file r
asof left join shifts s on r.ordinality > s.kept_before
