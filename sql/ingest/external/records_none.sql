-- No records: a file recognised but not read (Apple Health CDA, Apple workout routes), whose
-- content is not rows statinwatch could take.
create or replace temp table export_records (line bigint, skip_reason varchar)
