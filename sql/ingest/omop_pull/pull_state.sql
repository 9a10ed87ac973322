-- The fingerprints of the rows one table's pull writes to landing/, kept aside until the file
-- is durable (omop_pull.py): only then do they become the pull state.
create or replace temp table pull_state (row_key varchar, row_hash varchar)
