-- What became of each row a mapping gave {raw_table}, under each record it was made of:
-- quarantined (refused by the mapping or by the stream's rules), accepted (stored now: a row
-- of the same file with its fingerprint is in the table, and it was not a repeat within the
-- batch) or a duplicate.
insert into taken_records
select
    $stream as stream,
    unnest(coalesce(m._source_lines, [m._line])) as line,
    case
        when m._reject is not null or p.reject_reason is not null then 'quarantined'
        when r._row is null and a.row_hash is not null then 'accepted'
        else 'duplicate'
    end as outcome
from mapped_rows m
left join parsed_rows p on p._row = m._row
left join hashed_rows h on h._row = m._row
left join repeated_rows r on r._row = m._row
left join (
    select distinct
        file_id,
        row_hash
    from {raw_table}
    where file_id in (select file_id from batch_files)
) a on a.file_id = h.file_id and a.row_hash = h.row_hash
