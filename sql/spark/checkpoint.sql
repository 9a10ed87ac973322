-- Writes the warehouse's committed changes into its file before a table is copied to the lake:
-- in DuckDB 2.0.0 a scan right after a large staging transaction (appends, then the device
-- load's deletes and updates) returned none of its rows until a checkpoint, while count(*)
-- from the table's statistics returned them all.
checkpoint
