-- Appends the typed rows of the files the staged table has not seen, so a daily run stages
-- one day of rows, not the whole history. Raw tables only grow and file ids only rise (one
-- writer, one sequence, each file committed whole), so every file at or below the table's
-- highest id is already in it and the new rows are exactly those above $highest_file_id.
insert into {staged_table} by name
select *
from {typed_view}
where file_id > $highest_file_id
