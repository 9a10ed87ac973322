-- Appends the first copies of rows not seen before to the stream's raw table, each under the
-- file it came in. Earlier copies can only sit in the new rows' range of {range_column} and of
-- patient_id; bounding the lookup to both lets DuckDB skip the rest of a table that grows every
-- day: a day's files span one day of every patient, one patient's export a year of one patient
-- (a year of minute heart rate for a thousand patients otherwise compares each new file with
-- every stored minute).
insert into {raw_table} by name
select * exclude (_row, reject_reason)
from hashed_rows h
where not exists (
        select 1 from repeated_rows r where r.file_id = h.file_id and r._row = h._row
    )
    and not exists (
        select 1
        from (
            select row_hash from {raw_table}
            where
                {range_column} between $range_low and $range_high
                and patient_id between $patient_low and $patient_high
        ) r
        where r.row_hash = h.row_hash
    )
