"""Find the files waiting under <home>/landing/<stream>/ and fingerprint them by content.

Nothing outside the home is ever opened: a landing entry whose real location is outside it
(a symbolic link, or a landing or stream folder that is itself a link) is handed out as a
refused file, which the readers quarantine whole without reading it (docs/reliability.md).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

HASH_CHUNK_BYTES = 1 << 20
FORMATS_BY_SUFFIX = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# Editors and copy tools leave these behind while a file is still being written.
IGNORED_PREFIXES = (".", "~")
IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp")


# How a file's content hash is found: read in full, or remembered (ingest/hash_cache.py).
Hasher = Callable[[Path], str]


@dataclass(frozen=True)
class LandingFile:
    path: Path
    relative_path: str
    stream: str
    size_bytes: int
    sha256: str
    # Why the file must not be opened (it lives outside the home); None for a readable file.
    refusal: str | None = None

    @property
    def format(self) -> str:
        return FORMATS_BY_SUFFIX.get(PurePosixPath(self.relative_path).suffix.lower(), "unknown")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def home_of(landing: Path) -> Path:
    """The home a landing folder belongs to (`<home>/landing`), the bound of what is read."""
    return landing.absolute().parent


def escapes(path: Path, home: Path) -> bool:
    """Whether a path's real location, links followed, lies outside the home."""
    return not path.resolve().is_relative_to(home.resolve())


def _is_ignored(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    return any(part.startswith(IGNORED_PREFIXES) for part in parts) or path.name.endswith(
        IGNORED_SUFFIXES
    )


def _is_candidate(path: Path, folder: Path, home: Path) -> bool:
    if _is_ignored(path, folder):
        return False
    # A link leading out of the home is listed, to be refused; rglob never descends into a
    # linked folder, so the link itself is the entry. A link to a file in the home is read.
    return (path.is_symlink() and escapes(path, home)) or path.is_file()


def candidates(folder: Path, home: Path) -> list[Path]:
    """Every landed entry under a folder, in path order so runs are reproducible: regular
    files, and links out of the home. A folder that itself leads out of the home is its own
    single entry."""
    if not folder.is_dir():
        return []
    if escapes(folder, home):
        return [folder]
    return [path for path in sorted(folder.rglob("*")) if _is_candidate(path, folder, home)]


def refusal_of(path: Path, home: Path) -> str | None:
    """The reason a landing entry is not read, or None when it is a file inside the home."""
    if not escapes(path, home):
        return None
    return f"links outside the statinwatch home (to {path.resolve()}); not read"


def _refused_identity(relative_path: str, path: Path) -> str:
    """A refused entry is never read, so its name and target stand in for its content: the
    same link is quarantined once, a link re-pointed elsewhere is a new entry."""
    return hashlib.sha256(f"refused\0{relative_path}\0{path.resolve()}".encode()).hexdigest()


def readable_path(path: Path) -> Path:
    """Where to read a confined entry: a link in the home is read as its target, so that the
    only links discovery ever hands out are refused ones."""
    return path.resolve() if path.is_symlink() else path


def landing_file(
    landing: Path,
    path: Path,
    stream: str,
    sha256: str | None = None,
    hasher: Hasher = sha256_of,
) -> LandingFile:
    relative = path.relative_to(landing).as_posix()
    refusal = refusal_of(path, home_of(landing))
    if refusal:
        return LandingFile(path, relative, stream, 0, _refused_identity(relative, path), refusal)
    return LandingFile(
        path=readable_path(path),
        relative_path=relative,
        stream=stream,
        size_bytes=path.stat().st_size,
        sha256=sha256 or hasher(path),
    )


def discover(landing: Path, stream: str, hasher: Hasher = sha256_of) -> list[LandingFile]:
    """Every file of one stream folder."""
    return [
        landing_file(landing, path, stream, hasher=hasher)
        for path in candidates(landing / stream, home_of(landing))
    ]
