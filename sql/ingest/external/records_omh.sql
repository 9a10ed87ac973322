-- The records of an Open mHealth file, each a row read (docs/formats.md "Accounting"): every
-- data point, by its position, skipped when it is not physical activity.
create or replace temp table export_records as
select
    line,
    case
        when schema_name is null then 'Open mHealth data point of no known schema'
        else 'Open mHealth ' || schema_name || ' data point not used'
    end as skip_reason
from omh_points
