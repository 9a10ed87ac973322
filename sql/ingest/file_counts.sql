-- Each file's share of the rows just written (CONTRACT §6: read = accepted + quarantined +
-- duplicates): valid and rejected rows from the typed rows, accepted ones from what the
-- raw table now holds under the file's id, which no earlier run can have used.
select
    b.file_id,
    coalesce(p.valid, 0) as valid,
    coalesce(p.rejected, 0) as rejected,
    coalesce(a.accepted, 0) as accepted
from batch_files b
left join (
    select
        file_id,
        count(*) filter (where reject_reason is null) as valid,
        count(*) filter (where reject_reason is not null) as rejected
    from parsed_rows
    group by file_id
) p using (file_id)
left join (
    select
        file_id,
        count(*) as accepted
    from {raw_table}
    where file_id
        between (select min(file_id) from batch_files) and (select max(file_id) from batch_files)
    group by file_id
) a using (file_id)
order by b.file_id
