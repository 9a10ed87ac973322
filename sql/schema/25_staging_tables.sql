-- The typing SQL each append-only staged table was built with (assets/staging/incremental.py).
create table if not exists staging.build_fingerprints (
    staged_table varchar primary key,
    sql_md5 varchar not null,
    built_at timestamp not null
);
