"""Ingest one landing file: validate, de-duplicate, quarantine, record — in one transaction.

A native file feeds its folder's stream; an export (assets/ingest/external/) may feed several.
Either way each stream's rows go through the stream's own validation SQL and the same
duplicate and quarantine rules, and the file gets one manifest row with the summed counts
plus one `ingest.file_streams` row per stream it fed.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

import duckdb

from assets.ingest.landing import LandingFile
from assets.ingest.reader import UnreadableFile, first_line, read_landing_file
from assets.ingest.streams import StreamSpec
from pipelines.sql import load_sql, render_sql, run_sql, transaction


@dataclass(frozen=True)
class StreamCounts:
    """One stream's share of a file: rows_read = accepted + quarantined + duplicates."""

    stream: str
    rows_read: int
    accepted: int
    quarantined: int
    duplicates: int


@dataclass(frozen=True)
class FileOutcome:
    """One file's accounting: rows_read = accepted + quarantined + duplicates (CONTRACT §6)."""

    path: str
    stream: str
    format: str
    status: str
    rows_read: int
    accepted: int
    quarantined: int
    duplicates: int
    reason: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def known_hashes(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {sha for (sha,) in run_sql(conn, "ingest/known_hashes").fetchall()}


def _scalar(conn: duckdb.DuckDBPyConnection, query: str) -> int:
    return int(conn.execute(query).fetchone()[0])


def write_stream(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    spec: StreamSpec,
    file_id: int,
    run_id: str,
    missing_required: tuple[str, ...] = (),
) -> StreamCounts:
    """Type `landing_rows` with the stream's rules, store the new rows and quarantine the bad
    ones with the records in `landing_rejects`."""
    missing = "missing required column " + ", ".join(missing_required) if missing_required else None
    try:
        conn.execute(
            "create or replace temp table parsed_rows as " + load_sql(spec.validate_sql),
            {"missing_columns": missing},
        )
        run_sql(conn, "ingest/hash_rows")
    except duckdb.Error as error:
        raise UnreadableFile(f"values could not be parsed: {first_line(error)}") from error
    quarantined = _scalar(conn, "select count(*) from landing_rejects") + _scalar(
        conn, "select count(*) from parsed_rows where reject_reason is not null"
    )
    valid = _scalar(conn, "select count(*) from hashed_rows")
    run_sql(
        conn,
        "ingest/quarantine_rows",
        {"file_id": file_id, "stream": spec.name, "path": file.relative_path, "run_id": run_id},
    )
    range_low, range_high = conn.execute(
        render_sql("ingest/dedupe_range", range_column=spec.dedupe_range_column)
    ).fetchone()
    accepted = conn.execute(
        render_sql(
            "ingest/insert_accepted",
            raw_table=spec.raw_table,
            range_column=spec.dedupe_range_column,
        ),
        {"file_id": file_id, "range_low": range_low, "range_high": range_high},
    ).fetchone()[0]
    return StreamCounts(
        stream=spec.name,
        rows_read=quarantined + valid,
        accepted=int(accepted),
        quarantined=quarantined,
        duplicates=valid - int(accepted),
    )


def quarantine_file_rejects(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, stream: str, file_id: int, run_id: str
) -> StreamCounts:
    """Records the reader rejected before any stream was known (bad CSV or JSON lines)."""
    rejected = _scalar(conn, "select count(*) from landing_rejects")
    run_sql(
        conn,
        "ingest/quarantine_rejects",
        {"file_id": file_id, "stream": stream, "path": file.relative_path, "run_id": run_id},
    )
    return StreamCounts(stream, rejected, 0, rejected, 0)


def _quarantine_whole_file(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    stream: str,
    file_id: int,
    run_id: str,
    reason: str,
) -> None:
    run_sql(
        conn,
        "ingest/quarantine_whole_file",
        {
            "file_id": file_id,
            "stream": stream,
            "path": file.relative_path,
            "reason": reason,
            "run_id": run_id,
        },
    )


# Writes a file's rows for one or more streams and returns each stream's counts.
StreamWriter = Callable[[int], list[StreamCounts]]


def ingest_with(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    stream: str,
    file_format: str,
    write: StreamWriter,
    run_id: str,
    as_of: date,
    note: str | None = None,
) -> FileOutcome:
    """Rows, quarantine and the manifest entry commit together or not at all.

    `write` raises UnreadableFile when the file as a whole cannot be taken; everything it
    wrote is rolled back and the file is quarantined whole instead. `note` is recorded as the
    reason of a file taken whole that brings no rows (an export with nothing to read).
    """
    file_id = _scalar(conn, "select nextval('ingest.file_id_seq')")
    try:
        with transaction(conn):
            counts = write(file_id)
            outcome = _summed(file, stream, file_format, counts, note)
            _record(conn, file, file_id, run_id, as_of, outcome, counts)
        return outcome
    except UnreadableFile as unreadable:
        reason = str(unreadable)
    with transaction(conn):
        _quarantine_whole_file(conn, file, stream, file_id, run_id, reason)
        outcome = FileOutcome(
            file.relative_path, stream, file_format, "quarantined", 0, 0, 0, 0, reason
        )
        _record(conn, file, file_id, run_id, as_of, outcome, [])
    return outcome


def _summed(
    file: LandingFile, stream: str, file_format: str, counts: list[StreamCounts], note: str | None
) -> FileOutcome:
    return FileOutcome(
        path=file.relative_path,
        stream=stream,
        format=file_format,
        status="ingested",
        rows_read=sum(c.rows_read for c in counts),
        accepted=sum(c.accepted for c in counts),
        quarantined=sum(c.quarantined for c in counts),
        duplicates=sum(c.duplicates for c in counts),
        reason=note,
    )


def _record(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    file_id: int,
    run_id: str,
    as_of: date,
    outcome: FileOutcome,
    counts: list[StreamCounts],
) -> None:
    run_sql(
        conn,
        "ingest/record_file",
        {
            "file_id": file_id,
            "sha256": file.sha256,
            "size_bytes": file.size_bytes,
            "run_id": run_id,
            "as_of": as_of,
            **outcome.as_dict(),
        },
    )
    for stream_counts in counts:
        if stream_counts.rows_read == 0:
            continue
        run_sql(conn, "ingest/record_file_stream", {"file_id": file_id, **asdict(stream_counts)})


def ingest_file(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    spec: StreamSpec,
    run_id: str,
    as_of: date,
) -> FileOutcome:
    """A native file of one stream folder, read by DuckDB's reader for its extension."""

    def write(file_id: int) -> list[StreamCounts]:
        result = read_landing_file(conn, file, spec)
        return [write_stream(conn, file, spec, file_id, run_id, result.missing_required)]

    return ingest_with(conn, file, spec.name, file.format, write, run_id, as_of)
