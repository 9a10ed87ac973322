-- Records one stream's share of an ingested file, so each stream's suite validates its rows.
insert into ingest.file_streams (file_id, stream, rows_read, accepted, quarantined, duplicates)
values ($file_id, $stream, $rows_read, $accepted, $quarantined, $duplicates)
