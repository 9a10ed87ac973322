-- OMOP CDM input (docs/formats.md "OMOP CDM v5.4"): the concepts that landed concept files
-- name, so a mapping can read a drug, condition or unit by its RxNorm, SNOMED or UCUM code
-- whatever file or run brought the concept; and, per configured live OMOP database, the
-- fingerprint of every row already pulled into landing/, so a pull takes only new or changed
-- rows.
create schema if not exists omop;
create table if not exists omop.concept (
    concept_id bigint primary key,
    concept_name varchar,
    domain_id varchar,
    vocabulary_id varchar,
    concept_code varchar
);
create table if not exists omop.pulled_rows (
    source varchar not null,
    table_name varchar not null,
    row_key varchar not null,
    row_hash varchar not null,
    pulled_at timestamp not null,
    primary key (source, table_name, row_key)
);
