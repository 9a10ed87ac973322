-- The changed rows as the source holds them, without the fingerprint columns, for the
-- Parquet file that lands them.
select * exclude (sw_row_key, sw_row_hash)
from changed_rows
