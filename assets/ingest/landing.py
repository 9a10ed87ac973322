"""Find the files waiting under <home>/landing/<stream>/ and fingerprint them by content."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

HASH_CHUNK_BYTES = 1 << 20
FORMATS_BY_SUFFIX = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# Editors and copy tools leave these behind while a file is still being written.
IGNORED_PREFIXES = (".", "~")
IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp")


@dataclass(frozen=True)
class LandingFile:
    path: Path
    relative_path: str
    stream: str
    size_bytes: int
    sha256: str

    @property
    def format(self) -> str:
        return FORMATS_BY_SUFFIX.get(self.path.suffix.lower(), "unknown")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _is_candidate(path: Path, stream_dir: Path) -> bool:
    parts = path.relative_to(stream_dir).parts
    if any(part.startswith(IGNORED_PREFIXES) for part in parts):
        return False
    return path.is_file() and not path.is_symlink() and not path.name.endswith(IGNORED_SUFFIXES)


def candidates(folder: Path) -> list[Path]:
    """Every landed file under a folder, in path order so runs are reproducible."""
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*")) if _is_candidate(path, folder)]


def landing_file(landing: Path, path: Path, stream: str, sha256: str | None = None) -> LandingFile:
    return LandingFile(
        path=path,
        relative_path=path.relative_to(landing).as_posix(),
        stream=stream,
        size_bytes=path.stat().st_size,
        sha256=sha256 or sha256_of(path),
    )


def discover(landing: Path, stream: str) -> list[LandingFile]:
    """Every file of one stream folder."""
    return [landing_file(landing, path, stream) for path in candidates(landing / stream)]
