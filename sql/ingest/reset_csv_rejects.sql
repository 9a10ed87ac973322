-- Empties the CSV reader's rejects tables before a file is read: DuckDB appends to existing
-- ones, so without this one file's malformed records would be quarantined again under the next.
drop table if exists csv_rejects;
drop table if exists csv_scans;
