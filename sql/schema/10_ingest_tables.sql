-- The file manifest (exactly-once ingest, keyed by content hash), the quarantine of rows and
-- files that broke their schema, and why an export's skipped rows carry nothing for
-- statinwatch; together they account for every row read (CONTRACT §6).
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
-- Added after the first release: homes created before it get it here (their files skipped
-- nothing: every row they counted was given to a stream), so every home ends up with the
-- same columns in the same order.
alter table ingest.files add column if not exists skipped bigint default 0;
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
-- Per export file: the rows no mapping takes (a Synthea condition that is not a muscle symptom,
-- a FHIR Encounter), counted by the reason they are skipped.
create table if not exists ingest.skipped_rows (
    file_id bigint not null,
    reason varchar not null,
    skipped bigint not null,
    primary key (file_id, reason)
);
-- Per FHIR file holding a Patient: its resources about another patient (sql/ingest/external/
-- fhir_other_patients.sql). They are followed, and counted so it is not silent.
create table if not exists ingest.other_patient_resources (
    file_id bigint primary key,
    resources bigint not null
);
