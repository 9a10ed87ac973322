-- The records of an Open mHealth file, each a row read (docs/formats.md "Accounting"): every
-- data point, by its position, skipped when it is not physical activity. A schema is named
-- only when it looks like one, so no free text of the file reaches the metadata.
create or replace temp table export_records as
select
    line,
    case
        when regexp_full_match(schema_name, '[a-z0-9][a-z0-9-]{0,63}')
            then 'Open mHealth ' || schema_name || ' data point not used'
        else 'Open mHealth data point of no known schema'
    end as skip_reason
from omh_points
