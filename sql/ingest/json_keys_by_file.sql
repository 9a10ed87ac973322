-- The keys each JSON Lines file's objects use, so a batch is read together only when every
-- file names the stream's columns the same way.
select
    sw_source_file,
    list(distinct key order by key) as keys
from (
    select
        sw_source_file,
        unnest(json_keys(doc)) as key
    from landing_lines
    where json_type(doc) = 'OBJECT'
)
group by sw_source_file
