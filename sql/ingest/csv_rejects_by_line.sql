-- One quarantine entry per rejected CSV line (DuckDB may report several faults on one line),
-- so each line read is counted once.
create or replace temp table landing_rejects as
select
    line,
    'malformed CSV record: '
    || string_agg(distinct error_message, '; ' order by error_message) as reason,
    left(any_value(csv_line), 2000) as record
from csv_rejects
group by line
