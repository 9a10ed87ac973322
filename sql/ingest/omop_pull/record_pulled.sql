-- After the landed file is durable: its rows become the pull state of the source's table, so
-- the next pull skips them unless they change. A key the source held twice keeps one
-- fingerprint (any: both rows were landed).
insert or replace into omop.pulled_rows
select
    $source as source,
    $table_name as table_name,
    row_key,
    any_value(row_hash) as row_hash,
    now() as pulled_at
from pull_state
group by row_key
