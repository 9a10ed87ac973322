-- The source records of each mapped row: a mapping that makes one row of several records
-- (consecutive Fitbit hours as one session) lists them in _source_lines; any other row is made
-- of the record on its _line.
alter table mapped_rows add column if not exists _source_lines bigint[]
