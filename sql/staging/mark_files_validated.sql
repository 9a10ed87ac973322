-- A file counts as validated once every stream it fed is (an export may feed several).
update ingest.files f
set validated_at = now()
where f.validated_at is null and f.status = 'ingested'
    and exists (select 1 from ingest.file_streams s where s.file_id = f.file_id)
    and not exists (
        select 1 from ingest.file_streams s where s.file_id = f.file_id and s.validated_at is null
    )
