-- Records one stream's share of an ingested file, so each stream's suite validates its rows.
-- A share that stored no row (all quarantined, duplicates or skipped, or an export's rows no
-- stream took) leaves a suite nothing to validate, and a device stream (heart rate, activity
-- minutes) has no staged suite, only its raw rules, so either is validated as it is recorded.
insert into ingest.file_streams (
    file_id, stream, rows_read, accepted, quarantined, duplicates, skipped, validated_at
)
values (
    $file_id, $stream, $rows_read, $accepted, $quarantined, $duplicates, $skipped,
    case when $accepted = 0 or not $has_suite then now() end
)
