-- Marks a stream's share of its files as validated once their staged rows passed every
-- critical expectation, so the next run validates only newer files.
update ingest.file_streams
set validated_at = now()
where validated_at is null and stream = $stream
