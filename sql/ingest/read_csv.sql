-- Every record of one CSV file, or of a batch of files sharing one header, as text in file
-- order, numbered within its file; records that do not split into the header's columns (or
-- do not decode) go to csv_rejects instead of failing the whole file.
-- The dialect is the contract's (comma, double quotes), never sniffed: a column of free text
-- full of semicolons must not turn them into the delimiter.
create or replace temp table csv_records as
select
    * exclude (ordinality),
    row_number() over (partition by sw_source_file order by ordinality) as ordinality
from read_csv(
        $paths, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
        store_rejects = true, ignore_errors = true,
        rejects_table = 'csv_rejects', rejects_scan = 'csv_scans', filename = 'sw_source_file'
    ) with ordinality
