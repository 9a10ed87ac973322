-- Every record of one CSV file, or of a batch of files sharing one header, as text in file
-- order. `ordinality` counts the kept records across the batch in the order of `$paths`: in a
-- file read alone with nothing rejected it is already the line less the header, and
-- csv_records_by_line.sql / csv_batch_by_line.sql renumber the other cases. Records that do
-- not split into the header's columns (or do not decode) go to csv_rejects instead of failing
-- the whole file.
-- The dialect is the contract's (comma, double quotes), never sniffed: a column of free text
-- full of semicolons must not turn them into the delimiter.
create or replace temp table landing_file as
select *
from read_csv(
        $paths, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
        store_rejects = true, ignore_errors = true,
        rejects_table = 'csv_rejects', rejects_scan = 'csv_scans', filename = 'sw_source_file'
    ) with ordinality
