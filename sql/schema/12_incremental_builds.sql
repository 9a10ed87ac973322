-- The definition each incrementally maintained table was built with: a fingerprint of its
-- SQL and the rule thresholds it uses. A change forces a rebuild from scratch, or old and new
-- rows would follow different rules. How far a table got is not kept here: each table holds
-- the file_id of its rows, so its highest file_id says it.
create table if not exists ingest.incremental_builds (
    table_name varchar primary key,
    fingerprint varchar not null,
    built_at timestamp not null
);
