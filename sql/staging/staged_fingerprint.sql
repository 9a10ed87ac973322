-- The definition a staged table was built with: an append-only table must be rebuilt from
-- raw when its typing SQL changes, or old and new rows would be typed two different ways.
select sql_md5 from staging.build_fingerprints where staged_table = $staged_table
