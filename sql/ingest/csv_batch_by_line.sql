-- Numbers each record of a batch of CSV files by its line in its own file: the batch was read
-- in file order and none of its records was rejected (else it is read one file at a time), so
-- a file's records are consecutive and its first one is line 2. A join on one row per file
-- costs far less than numbering rows in a window. Replaces the table it reads.
create or replace temp table landing_file as
with file_starts as (
    select
        sw_source_file,
        min(ordinality) - 1 as before_file
    from landing_file
    group by sw_source_file
)

select
    r.* exclude (ordinality),
    r.ordinality - s.before_file as ordinality
from landing_file r
join file_starts s using (sw_source_file)
