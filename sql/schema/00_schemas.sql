-- One schema per pipeline stage, so a table's name says where in the flow it sits.
create schema if not exists ingest;
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists clinical;
create schema if not exists review;
create sequence if not exists ingest.file_id_seq start 1;
