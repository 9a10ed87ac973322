-- Rows of a batch read from a live OMOP table that are new or changed since the last pull:
-- their key (the table's id column) was never pulled, or was pulled with other content. A
-- row's fingerprint is the hash of all its columns as text.
create or replace temp table changed_rows as
with hashed as (
    select
        b.*,
        cast(b.{key} as varchar) as sw_row_key,
        md5(cast(to_json(b) as varchar)) as sw_row_hash
    from pull_batch b
)

select h.*
from hashed h
where not exists (
        select 1
        from omop.pulled_rows p
        where
            p.source = $source
            and p.table_name = $table_name
            and p.row_key = h.sw_row_key
            and p.row_hash = h.sw_row_hash
    )
