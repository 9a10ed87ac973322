"""Flushing to disk what a crash must not lose: a file's bytes, and a folder's entries (the
names a rename wrote), each on its own rather than every dirty page of the machine."""

import os
from pathlib import Path


def flush_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def flush_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
