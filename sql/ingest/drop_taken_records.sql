-- Each record goes to the first mapping that takes it (in the format's order): rows a later
-- mapping made of a record already taken are dropped, so no record feeds two streams or is
-- counted twice.
delete from mapped_rows
where _row in (
        select m._row
        from (
            select
                _row,
                unnest(coalesce(_source_lines, [_line])) as line
            from mapped_rows
        ) m
        semi join taken_records using (line)
    )
