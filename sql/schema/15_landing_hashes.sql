-- The content hash of each landing file with the stat it was read under (size, change times,
-- inode): a daily run re-reads only the files whose stat changed, not a year of landed files.
-- Only a hash taken while the file stood still, and settled a moment before, is kept.
create table if not exists ingest.landing_hashes (
    path varchar primary key,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    ctime_ns bigint not null,
    inode bigint not null,
    sha256 varchar not null
);
