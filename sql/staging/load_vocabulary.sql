-- Replaces one vocabulary table from its CSV in vocabulary/; every column is kept as text
-- so codes such as RxNorm keep their leading zeros.
create or replace table {table} as
select * from read_csv($path, header = true, all_varchar = true)
