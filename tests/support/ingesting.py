"""Ingest without a Dagster run: each ingest asset invoked directly, or one file at a time
against an open warehouse, and the manifest and quarantine read back for assertions."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingest.raw_external import raw_external
from assets.ingest.raw_streams import RAW_STREAMS
from statinwatch.exports.landed import discover_exports, ingest_export
from statinwatch.ingest.landing import landing_file
from statinwatch.ingest.load import FileOutcome, ingest_file, known_hashes
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.resources import build_resources
from statinwatch.vocabulary import load_vocabulary
from tests.support.home import query, schema_warehouse, write_landing

AS_OF = date(2026, 5, 1)
MANIFEST_KEYS = (
    "status", "rows_read", "accepted", "quarantined", "duplicates", "skipped", "reason",
)  # fmt: skip


def ingest_landing(home: Path) -> None:
    """What a run's ingest stage does: every raw_* asset once, for AS_OF."""
    resources = build_resources(home)
    for asset in [*RAW_STREAMS, raw_external]:
        context = dg.build_asset_context(partition_key=AS_OF.isoformat())
        asset(context, home=resources["home"], duckdb=resources["duckdb"])


def files_table(home: Path) -> dict[str, dict]:
    """ingest.files by landing path."""
    rows = query(
        home,
        "select path, status, rows_read, accepted, quarantined, duplicates, skipped, reason "
        "from ingest.files order by file_id",
    )
    return {row[0]: dict(zip(MANIFEST_KEYS, row[1:], strict=True)) for row in rows}


def quarantined(home: Path, path: str) -> list[tuple[int | None, str]]:
    """(line, reason) of every quarantined record of one file, in line order."""
    return query(
        home, "select line, reason from ingest.quarantine where path = ? order by line", [path]
    )


def assert_accounted(entry: dict | FileOutcome) -> None:
    """Every row read is accepted, quarantined, a duplicate or skipped (CONTRACT §6)."""
    counts = entry if isinstance(entry, dict) else entry.as_dict()
    assert counts["rows_read"] == (
        counts["accepted"] + counts["quarantined"] + counts["duplicates"] + counts["skipped"]
    )


@contextmanager
def scratch_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory warehouse with the schema and vocabulary, for many small ingests."""
    with schema_warehouse() as conn:
        load_vocabulary(conn)
        yield conn


def ingest_native(
    conn: duckdb.DuckDBPyConnection, landing: Path, stream: str, suffix: str, content: str | bytes
) -> FileOutcome | None:
    """One native file of a stream (a fresh name each call) through ingest_file, as the
    stream's asset does; None when the same bytes were ingested before (the asset skips them)."""
    path = write_landing(landing, f"{stream}/{uuid.uuid4().hex}{suffix}", content)
    file = landing_file(landing, path, stream)
    if file.sha256 in known_hashes(conn):
        return None
    return ingest_file(conn, file, STREAM_SPECS[stream], "fuzz", AS_OF)


def ingest_new_exports(conn: duckdb.DuckDBPyConnection, landing: Path) -> list[FileOutcome]:
    """Every export under landing/ not ingested yet, through ingest_export."""
    return [
        ingest_export(conn, export, "fuzz", AS_OF)
        for export in discover_exports(landing, known_hashes(conn))
    ]
