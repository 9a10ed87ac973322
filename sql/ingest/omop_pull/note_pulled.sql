-- The fingerprints of the changed rows just written, for the pull state.
insert into pull_state
select
    sw_row_key,
    sw_row_hash
from changed_rows
