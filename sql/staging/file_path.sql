-- A landing file's path by its id, for the few rows a failed expectation shows as samples.
select path from ingest.files where file_id = $file_id
