-- Marks a stream's files as validated once their staged rows passed every critical
-- expectation, so the next run validates only newer files.
update ingest.files
set validated_at = now()
where validated_at is null and stream = $stream and status = 'ingested'
