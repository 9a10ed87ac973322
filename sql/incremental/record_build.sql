-- Remembers the definition an incrementally maintained table now follows (see build_state.sql).
insert or replace into ingest.incremental_builds (table_name, fingerprint, built_at)
values ($table_name, $fingerprint, now())
