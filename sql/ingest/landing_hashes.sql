-- The remembered content hashes of landing files, with the stat each was taken under.
select
    path,
    size_bytes,
    mtime_ns,
    ctime_ns,
    inode,
    sha256
from ingest.landing_hashes
