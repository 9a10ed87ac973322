-- An export's records that mappings have taken so far, each row a stream gave with what became
-- of it; the file's counts are made from it once every mapping has run (export_counts.sql).
create or replace temp table taken_records (
    stream varchar not null, line bigint not null, outcome varchar not null
)
