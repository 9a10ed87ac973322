-- The records of a TCX or GPX file, each a row read (docs/formats.md "Accounting"): every TCX
-- Activity or GPX track, by its line (its points are not rows, as an Apple Health export's
-- Records are not). One with no time at all is a planned course, not a session: skipped.
create or replace temp table export_records as
select
    line,
    case
        when start_time is null then 'track without times: a planned course, not a session'
        else $skip_reason
    end as skip_reason
from track_sessions
