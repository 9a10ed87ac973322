-- Every row of one Parquet file, or of a batch of files sharing one schema, numbered within
-- its file from 1, with the file it came from.
create or replace temp table landing_file as
select
    * exclude (file_row_number),
    file_row_number + 1 as ordinality
from read_parquet($paths, file_row_number = true, filename = 'sw_source_file')
