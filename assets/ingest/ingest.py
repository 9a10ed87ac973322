"""Ingest one landing file: validate, de-duplicate, quarantine, record — in one transaction."""

from dataclasses import asdict, dataclass
from datetime import date

import duckdb

from assets.ingest.landing import LandingFile
from assets.ingest.reader import UnreadableFile, first_line, read_landing_file
from assets.ingest.streams import StreamSpec
from pipelines.sql import load_sql, render_sql, run_sql, transaction


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


@dataclass(frozen=True)
class PreparedRows:
    """Counts of a file read into temp tables, before anything is written."""

    rejected: int
    invalid: int
    valid: int


def _prepare_rows(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, spec: StreamSpec
) -> PreparedRows:
    """Read, type and fingerprint the file into temp tables; raise UnreadableFile if it can't be."""
    result = read_landing_file(conn, file, spec)
    missing = (
        "missing required column " + ", ".join(result.missing_required)
        if result.missing_required
        else None
    )
    try:
        conn.execute(
            "create or replace temp table parsed_rows as " + load_sql(spec.validate_sql),
            {"missing_columns": missing},
        )
        run_sql(conn, "ingest/hash_rows")
    except duckdb.Error as error:
        raise UnreadableFile(f"values could not be parsed: {first_line(error)}") from error
    return PreparedRows(
        rejected=_scalar(conn, "select count(*) from landing_rejects"),
        invalid=_scalar(conn, "select count(*) from parsed_rows where reject_reason is not null"),
        valid=_scalar(conn, "select count(*) from hashed_rows"),
    )


def _write_rows(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    spec: StreamSpec,
    prepared: PreparedRows,
    file_id: int,
    run_id: str,
) -> FileOutcome:
    run_sql(
        conn,
        "ingest/quarantine_rows",
        {"file_id": file_id, "stream": spec.name, "path": file.relative_path, "run_id": run_id},
    )
    identifiers = {"raw_table": spec.raw_table, "range_column": spec.dedupe_range_column}
    low, high = conn.execute(render_sql("ingest/dedupe_range", **identifiers)).fetchone()
    accepted = conn.execute(
        render_sql("ingest/insert_accepted", **identifiers),
        {"file_id": file_id, "range_low": low, "range_high": high},
    ).fetchone()[0]
    quarantined = prepared.rejected + prepared.invalid
    return FileOutcome(
        path=file.relative_path,
        stream=spec.name,
        format=file.format,
        status="ingested",
        rows_read=quarantined + prepared.valid,
        accepted=int(accepted),
        quarantined=quarantined,
        duplicates=prepared.valid - int(accepted),
    )


def _quarantine_whole_file(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, file_id: int, run_id: str, reason: str
) -> FileOutcome:
    conn.execute(
        "insert into ingest.quarantine "
        "(file_id, stream, path, line, reason, record, run_id, quarantined_at) "
        "values (?, ?, ?, null, ?, null, ?, now())",
        [file_id, file.stream, file.relative_path, "whole file: " + reason, run_id],
    )
    return FileOutcome(
        path=file.relative_path,
        stream=file.stream,
        format=file.format,
        status="quarantined",
        rows_read=0,
        accepted=0,
        quarantined=0,
        duplicates=0,
        reason=reason,
    )


def ingest_file(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    spec: StreamSpec,
    run_id: str,
    as_of: date,
) -> FileOutcome:
    """Rows, quarantine and the manifest entry commit together or not at all."""
    file_id = _scalar(conn, "select nextval('ingest.file_id_seq')")
    try:
        prepared, reason = _prepare_rows(conn, file, spec), None
    except UnreadableFile as unreadable:
        prepared, reason = None, str(unreadable)
    with transaction(conn):
        if prepared is None:
            outcome = _quarantine_whole_file(conn, file, file_id, run_id, reason)
        else:
            outcome = _write_rows(conn, file, spec, prepared, file_id, run_id)
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
    return outcome
