-- Open mHealth data points (one document, a JSON array or NDJSON) as one row each: the body,
-- the schema named in the header (a bare body counts as physical-activity when it names an
-- activity) and the header's user, in file order.
create or replace temp table omh_points as
select
    row_number() over () as line,
    coalesce(json->'body', json) as body,
    coalesce(
        json->'header'->'schema_id'->>'name',
        case when json->>'activity_name' is not null then 'physical-activity' end
    ) as schema_name,
    json->'header'->>'user_id' as user_id,
    left(cast(json as varchar), 2000) as record
from read_json_objects($path, format = 'auto', maximum_object_size = $max_bytes)
