-- The landing files whose rows of one stream have not yet passed the stream's suite: on the
-- Spark engine, the partitions of the staged table's lake folder that the suite reads.
select file_id
from ingest.file_streams
where stream = $stream and validated_at is null
order by file_id
