-- The fingerprint an incrementally maintained table was built with.
select fingerprint from ingest.incremental_builds where table_name = $table_name
