-- The file manifest (exactly-once ingest, keyed by content hash) and the quarantine of
-- rows and files that broke their schema; together they account for every row read.
create table if not exists ingest.files (
    file_id bigint primary key,
    sha256 varchar not null unique,
    path varchar not null,
    stream varchar not null,
    format varchar,
    size_bytes bigint,
    status varchar not null,
    rows_read bigint not null,
    accepted bigint not null,
    quarantined bigint not null,
    duplicates bigint not null,
    reason varchar,
    run_id varchar,
    as_of date,
    ingested_at timestamp not null,
    validated_at timestamp
);
create table if not exists ingest.quarantine (
    file_id bigint not null,
    stream varchar not null,
    path varchar not null,
    line bigint,
    reason varchar not null,
    record varchar,
    run_id varchar,
    quarantined_at timestamp not null
);
