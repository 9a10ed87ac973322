-- Records one ingested (or wholly quarantined) file in the manifest with its row accounting:
-- rows_read = accepted + quarantined + duplicates + skipped (CONTRACT §6).
insert into ingest.files (
    file_id, sha256, path, stream, format, size_bytes, status, rows_read, accepted,
    quarantined, duplicates, skipped, reason, run_id, as_of, ingested_at
)
values (
    $file_id, $sha256, $path, $stream, $format, $size_bytes, $status, $rows_read, $accepted,
    $quarantined, $duplicates, $skipped, $reason, $run_id, $as_of, now()
)
