-- The highest landing file id an append-only staged table holds (-1 when empty): the rows
-- to append are those above it. Read first and bound as a constant, so the append's filter
-- reaches the raw tables' scans (min/max per row group) instead of typing the whole history.
select coalesce(max(file_id), -1) from {staged_table}
