"""Ingest landing files: validate, de-duplicate, quarantine, record — in one transaction.

A native file feeds its folder's stream; an export (statinwatch/exports/) may feed several
and may hold rows no stream takes (skipped). Either way each stream's rows go through the
stream's own validation SQL and the same duplicate and quarantine rules, and the file gets
one manifest row with the summed counts plus one `ingest.file_streams` row per share.

Native files of one stream, format and header are read and written as a batch: one read, one
pass of each statement and one commit for many files cost a fraction of a file at a time (the
readers and the typing run single-threaded on one day's file). Each file keeps its own id,
lines, counts and manifest row, and the batch commits whole; a batch that cannot be read as one
(a malformed record) is ingested again one file at a time, with no trace of the attempt.
"""

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date

import duckdb

from statinwatch.ingest.landing import LandingFile
from statinwatch.ingest.reader import (
    ReadOneByOne,
    UnreadableFile,
    first_line,
    read_landing_files,
    shape_of,
)
from statinwatch.ingest.streams import DEVICE_STREAM_SPECS, StreamSpec
from statinwatch.sql import load_sql, render_sql, run_sql, transaction

# A batch's rows sit in temp tables until committed; these caps keep them to a few million
# rows (DuckDB spills beyond its memory limit, but spilling costs more than another batch).
MAX_BATCH_FILES = 64
MAX_BATCH_BYTES = 256 << 20


@dataclass(frozen=True)
class StreamCounts:
    """One stream's share of a file, or (under an export's family) the rows no stream took:
    rows_read = accepted + quarantined + duplicates + skipped."""

    stream: str
    rows_read: int
    accepted: int
    quarantined: int
    duplicates: int
    skipped: int = 0


@dataclass(frozen=True)
class FileOutcome:
    """One file's accounting (CONTRACT §6):
    rows_read = accepted + quarantined + duplicates + skipped."""

    path: str
    stream: str
    format: str
    status: str
    rows_read: int
    accepted: int
    quarantined: int
    duplicates: int
    skipped: int
    reason: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def log_outcome(log: logging.Logger, outcome: FileOutcome) -> None:
    """One line per file with its path and counts; never a row of patient data."""
    if outcome.status == "quarantined":
        log.warning("%s quarantined whole: %s", outcome.path, outcome.reason)
        return
    log.info(
        "%s: read %d, accepted %d, quarantined %d, duplicates %d, skipped %d",
        outcome.path, outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
        outcome.skipped,
    )  # fmt: skip


def known_hashes(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {sha for (sha,) in run_sql(conn, "ingest/known_hashes").fetchall()}


def _scalar(conn: duckdb.DuckDBPyConnection, query: str) -> int:
    return int(conn.execute(query).fetchone()[0])


def register_files(conn: duckdb.DuckDBPyConnection, files: Sequence[LandingFile]) -> list[int]:
    """New file ids for the files about to be read, listed in the temp table `batch_files`."""
    file_ids = [_scalar(conn, "select nextval('ingest.file_id_seq')") for _ in files]
    run_sql(conn, "ingest/batch_files")
    conn.executemany(
        "insert into batch_files values (?, ?, ?)",
        [
            (str(file.path), file_id, file.relative_path)
            for file, file_id in zip(files, file_ids, strict=True)
        ],
    )
    return file_ids


def store_stream_rows(
    conn: duckdb.DuckDBPyConnection,
    spec: StreamSpec,
    run_id: str,
    missing_required: tuple[str, ...] = (),
) -> int:
    """Type `landing_rows` with the stream's rules, store the new rows and quarantine the bad
    ones with the records in `landing_rejects`; returns how many records those were. The typed
    rows stay in `parsed_rows`, `hashed_rows` and `repeated_rows` for counting."""
    missing = "missing required column " + ", ".join(missing_required) if missing_required else None
    try:
        conn.execute(
            "create or replace temp table parsed_rows as " + load_sql(spec.validate_sql),
            {"missing_columns": missing},
        )
        run_sql(conn, "ingest/hash_rows")
        run_sql(conn, "ingest/repeated_rows")
    except duckdb.Error as error:
        raise UnreadableFile(f"values could not be parsed: {first_line(error)}") from error
    # Only a file read on its own can have reader rejects (see reader.ReadOneByOne).
    reader_rejects = _scalar(conn, "select count(*) from landing_rejects")
    run_sql(conn, "ingest/quarantine_rows", {"stream": spec.name, "run_id": run_id})
    range_low, range_high, patient_low, patient_high = conn.execute(
        render_sql("ingest/dedupe_range", range_column=spec.dedupe_range_column)
    ).fetchone()
    conn.execute(
        render_sql(
            "ingest/insert_accepted",
            raw_table=spec.raw_table,
            range_column=spec.dedupe_range_column,
        ),
        {
            "range_low": range_low,
            "range_high": range_high,
            "patient_low": patient_low,
            "patient_high": patient_high,
        },
    )
    return reader_rejects


def write_stream(
    conn: duckdb.DuckDBPyConnection,
    spec: StreamSpec,
    run_id: str,
    missing_required: tuple[str, ...] = (),
) -> dict[int, StreamCounts]:
    """Store the stream's rows of the files of `batch_files` (store_stream_rows); each file
    gets its counts, a record being one row."""
    reader_rejects = store_stream_rows(conn, spec, run_id, missing_required)
    counts = {}
    for file_id, valid, rejected, accepted in conn.execute(
        render_sql("ingest/file_counts", raw_table=spec.raw_table)
    ).fetchall():
        quarantined = rejected + reader_rejects
        counts[file_id] = StreamCounts(
            stream=spec.name,
            rows_read=quarantined + valid,
            accepted=accepted,
            quarantined=quarantined,
            duplicates=valid - accepted,
        )
    return counts


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
    reason of a file taken whole that brings no rows (an export statinwatch uses nothing of).
    """
    (file_id,) = register_files(conn, [file])
    try:
        with transaction(conn):
            return record_ingested(
                conn, file, file_id, stream, file_format, write(file_id), run_id, as_of, note
            )
    except UnreadableFile as unreadable:
        reason = str(unreadable)
    with transaction(conn):
        return record_quarantined(conn, file, file_id, stream, file_format, reason, run_id, as_of)


def record_ingested(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    file_id: int,
    stream: str,
    file_format: str,
    counts: list[StreamCounts],
    run_id: str,
    as_of: date,
    note: str | None = None,
) -> FileOutcome:
    """The manifest row and per-stream shares of a file whose rows were written."""
    outcome = _summed(file, stream, file_format, counts, note)
    _record(conn, file, file_id, run_id, as_of, outcome, counts)
    return outcome


def record_quarantined(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    file_id: int,
    stream: str,
    file_format: str,
    reason: str,
    run_id: str,
    as_of: date,
) -> FileOutcome:
    """A file that could not be read, quarantined whole with its reason and recorded."""
    _quarantine_whole_file(conn, file, stream, file_id, run_id, reason)
    outcome = FileOutcome(
        file.relative_path, stream, file_format, "quarantined", 0, 0, 0, 0, 0, reason
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
        skipped=sum(c.skipped for c in counts),
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
        run_sql(
            conn,
            "ingest/record_file_stream",
            {
                "file_id": file_id,
                "has_suite": stream_counts.stream not in DEVICE_STREAM_SPECS,
                **asdict(stream_counts),
            },
        )


def ingest_file(
    conn: duckdb.DuckDBPyConnection,
    file: LandingFile,
    spec: StreamSpec,
    run_id: str,
    as_of: date,
) -> FileOutcome:
    """A native file of one stream folder, read by DuckDB's reader for its extension."""

    def write(file_id: int) -> list[StreamCounts]:
        result = read_landing_files(conn, [file], spec)
        return [write_stream(conn, spec, run_id, result.missing_required)[file_id]]

    return ingest_with(conn, file, spec.name, file.format, write, run_id, as_of)


def ingest_files(
    conn: duckdb.DuckDBPyConnection,
    files: Sequence[LandingFile],
    spec: StreamSpec,
    run_id: str,
    as_of: date,
) -> Iterator[FileOutcome]:
    """Native files of one stream folder, in order: batches of alike files, the rest alone."""
    for batch in batches(files):
        if len(batch) == 1:
            yield ingest_file(conn, batch[0], spec, run_id, as_of)
            continue
        try:
            yield from _ingest_batch(conn, batch, spec, run_id, as_of)
        except (ReadOneByOne, UnreadableFile):
            for file in batch:
                yield ingest_file(conn, file, spec, run_id, as_of)


def _ingest_batch(
    conn: duckdb.DuckDBPyConnection,
    files: list[LandingFile],
    spec: StreamSpec,
    run_id: str,
    as_of: date,
) -> list[FileOutcome]:
    with transaction(conn):
        file_ids = register_files(conn, files)
        result = read_landing_files(conn, files, spec)
        counts = write_stream(conn, spec, run_id, result.missing_required)
        outcomes = [
            record_ingested(
                conn, file, file_id, spec.name, file.format, [counts[file_id]], run_id, as_of
            )
            for file, file_id in zip(files, file_ids, strict=True)
        ]
    return outcomes


def batches(files: Sequence[LandingFile]) -> Iterator[list[LandingFile]]:
    """Runs of consecutive files that one read can take (same format and header), capped in
    number and size; files that need their own read come alone."""
    batch: list[LandingFile] = []
    batch_key = None
    for file in files:
        key = shape_of(file)
        if batch and (
            key is None
            or key != batch_key
            or len(batch) == MAX_BATCH_FILES
            or sum(f.size_bytes for f in batch) + file.size_bytes > MAX_BATCH_BYTES
        ):
            yield batch
            batch = []
        if key is None:
            yield [file]
            continue
        batch.append(file)
        batch_key = key
    if batch:
        yield batch
