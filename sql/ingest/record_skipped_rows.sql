-- Records how many of an export's rows were skipped for one reason (CONTRACT §6).
insert into ingest.skipped_rows (file_id, reason, skipped)
values ($file_id, $reason, $skipped)
