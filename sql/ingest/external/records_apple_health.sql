-- The records of an Apple Health export, each a row read (docs/formats.md "Accounting"): every
-- Workout element and every heart-rate Record, by its line (Records of other types, steps or
-- energy, are not rows, as unknown columns of a native file are not).
create or replace temp table export_records as
select
    line,
    $skip_reason as skip_reason
from apple_workouts
union all
select
    line,
    $skip_reason as skip_reason
from apple_heart_rate
