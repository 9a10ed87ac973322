-- What each incrementally maintained table was built with and how far it got: the
-- fingerprint of its SQL and rule thresholds (a change forces a rebuild from scratch, or old
-- and new rows would follow different rules) and the last staged file it took in.
create table if not exists ingest.incremental_builds (
    table_name varchar primary key,
    fingerprint varchar not null,
    last_file_id bigint not null,
    built_at timestamp not null
);
