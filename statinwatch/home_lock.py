"""One command at a time per home: `statinwatch run`, `backfill` and `review` all write the one
DuckDB file, so each takes this lock without waiting and a second command fails fast.

Kept free of Dagster and DuckDB imports so a refused command answers at once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".statinwatch.lock"


class HomeBusy(Exception):
    """Another command holds the home; the message is the one line an operator reads."""


@contextmanager
def home_lock(home: Path) -> Iterator[None]:
    lock = FileLock(str(home / LOCK_NAME), timeout=0)
    try:
        lock.acquire()
    except Timeout as busy:
        raise HomeBusy(f"another statinwatch run is using {home}; try again when it ends") from busy
    try:
        yield
    finally:
        lock.release()
