"""Content hashes of landing files, remembered by the stat they were taken under.

A file's identity is the SHA-256 of its content (a renamed file is not new, an edited one is),
and every run must know the identity of every landed file. Reading a year of landed files again
each morning made a daily run grow with its history, so a hash is reused while the file's size,
modification and change times (ns) and inode are those it was taken under. The change time
cannot be set back by any tool, and a rewrite or a copy moved into place changes it, so a file
whose content changed is always read again. As git does for its index, a hash taken within
SETTLE_SECONDS of the file's last change, or while the file changed under the read, is used
for this run and not kept: a write in the same clock tick would leave the stat as it was.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from statinwatch.ingest.landing import Hasher, sha256_of
from statinwatch.sql import run_sql, transaction

SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Stamp:
    size_bytes: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def stamp_of(path: Path) -> Stamp:
    stat = path.stat()
    return Stamp(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _settled(stamp: Stamp) -> bool:
    last_change_ns = max(stamp.mtime_ns, stamp.ctime_ns)
    return time.time_ns() - last_change_ns >= SETTLE_SECONDS * 1e9


@dataclass
class HashCache:
    """Hashes by real path; `fresh` holds those taken in this run that may be kept."""

    known: dict[str, tuple[Stamp, str]]
    fresh: dict[str, tuple[Stamp, str]] = field(default_factory=dict)

    def sha256(self, path: Path) -> str:
        key = os.fspath(path.resolve())
        before = stamp_of(path)
        remembered = self.known.get(key)
        if remembered is not None and remembered[0] == before:
            return remembered[1]
        digest = sha256_of(path)
        if stamp_of(path) == before and _settled(before):
            self.fresh[key] = self.known[key] = (before, digest)
        return digest


def load_hash_cache(conn: duckdb.DuckDBPyConnection) -> HashCache:
    rows = run_sql(conn, "ingest/landing_hashes").fetchall()
    return HashCache({path: (Stamp(*stamp), sha) for path, *stamp, sha in rows})


def save_hash_cache(conn: duckdb.DuckDBPyConnection, cache: HashCache) -> None:
    """Keep the hashes this run took, in one transaction of their own."""
    if not cache.fresh:
        return
    fresh_hashes = pa.Table.from_pylist(
        [
            {"path": path, **asdict(stamp), "sha256": sha}
            for path, (stamp, sha) in cache.fresh.items()
        ]
    )
    with transaction(conn):
        conn.register("fresh_hashes", fresh_hashes)
        try:
            run_sql(conn, "ingest/remember_landing_hashes")
        finally:
            conn.unregister("fresh_hashes")


@contextmanager
def remembered_hashes(conn: duckdb.DuckDBPyConnection) -> Iterator[Hasher]:
    """A hasher that reuses the warehouse's remembered hashes; the new ones it took are kept
    when the block ends."""
    cache = load_hash_cache(conn)
    yield cache.sha256
    save_hash_cache(conn, cache)
