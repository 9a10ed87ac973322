-- Per file and target stream: the accounting of each stream a file fed (a FHIR Bundle feeds
-- several) and whether that stream's suite has validated its rows yet; an export also has a
-- row under its family (e.g. synthea) for the rows no stream took: those its reader rejected
-- and those skipped. ingest.files keeps one row per file with the sums. Files recorded
-- before this table existed get their row here, so their validation state carries over.
create table if not exists ingest.file_streams (
    file_id bigint not null,
    stream varchar not null,
    rows_read bigint not null,
    accepted bigint not null,
    quarantined bigint not null,
    duplicates bigint not null,
    validated_at timestamp,
    primary key (file_id, stream)
);
-- Added with skipped rows (CONTRACT §6); older homes' rows skipped nothing.
alter table ingest.file_streams add column if not exists skipped bigint default 0;
insert into ingest.file_streams (
    file_id, stream, rows_read, accepted, quarantined, duplicates, validated_at, skipped
)
select
    f.file_id,
    f.stream,
    f.rows_read,
    f.accepted,
    f.quarantined,
    f.duplicates,
    f.validated_at,
    f.skipped
from ingest.files f
where f.status = 'ingested'
    and f.stream in ('patients', 'medications', 'exercise', 'symptoms', 'labs')
    and not exists (select 1 from ingest.file_streams s where s.file_id = f.file_id);
