-- Remembers the typing SQL a staged table was (re)built with (see staged_fingerprint.sql).
insert or replace into staging.build_fingerprints (staged_table, sql_md5, built_at)
values ($staged_table, $sql_md5, now())
