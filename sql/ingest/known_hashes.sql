-- Content hashes already in the manifest: those files were ingested before and are skipped.
select sha256 from ingest.files
