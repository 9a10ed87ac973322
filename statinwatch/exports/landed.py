"""Find the exports under landing/ and ingest each through the native streams' write path."""

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from statinwatch.exports.accounting import (
    drop_taken_records,
    export_counts,
    note_taken_records,
    quarantine_file_rejects,
    quarantine_rejects,
    start_counting,
)
from statinwatch.exports.formats import FORMATS, ExportFormat
from statinwatch.exports.sniff import sniff
from statinwatch.ingest.hash_cache import remembered_hashes
from statinwatch.ingest.landing import (
    Hasher,
    LandingFile,
    candidates,
    home_of,
    landing_file,
    readable_path,
    refusal_of,
    sha256_of,
)
from statinwatch.ingest.load import (
    MAX_BATCH_BYTES,
    MAX_BATCH_FILES,
    FileOutcome,
    StreamCounts,
    ingest_with,
    known_hashes,
    log_outcome,
    record_ingested,
    record_quarantined,
    register_files,
    store_stream_rows,
)
from statinwatch.ingest.reader import (
    ReadOneByOne,
    UnreadableFile,
    column_names,
    first_line,
    no_rejects,
    text_projections,
)
from statinwatch.ingest.streams import EXPORT_STREAM_SPECS, STREAM_SPECS, StreamSpec
from statinwatch.sql import bind, load_sql, run_sql, transaction
from statinwatch.vocabulary import load_vocabulary

# Folders whose files belong to another asset whatever they hold (review dispositions).
OTHER_STREAM_FOLDERS = ("reviews",)
NATIVE_ONLY_SUFFIXES = (".parquet",)
PATIENT_FOLDER = re.compile(r"^patient_id=(.+)$")
UNRECOGNISED_STREAM = "external"
UNRECOGNISED_REASON = (
    "not a recognised export (FHIR R4 JSON/NDJSON, Synthea CSV, OMOP CDM, Fitbit, Apple Health, "
    "Strava, Garmin, TCX, GPX, Open mHealth) and not in a stream folder (landing/<stream>/ "
    "for native files)"
)


@dataclass(frozen=True)
class LandedExport:
    file: LandingFile
    format: ExportFormat | None  # None: nobody recognises the file
    patient_id: str | None


def patient_folder(relative_path: str) -> str | None:
    """The innermost patient_id=<id> folder of a landing path, if any."""
    folders = relative_path.split("/")[:-1]
    ids = [match.group(1) for part in folders if (match := PATIENT_FOLDER.match(part))]
    return ids[-1] if ids else None


def is_export(path: Path) -> bool:
    """Whether a file in a native stream folder is really an export (read by raw_external).
    Parquet there is native (an OMOP Parquet export lands outside the stream folders), so it
    is not opened; nor is a link or a folder, which discovery hands out only when it leads out
    of the home (statinwatch/ingest/landing.py)."""
    if path.is_symlink() or not path.is_file():
        return False
    return path.suffix.lower() not in NATIVE_ONLY_SUFFIXES and sniff(path) is not None


def _identity(path: Path, fmt: ExportFormat | None, patient_id: str | None, hasher: Hasher) -> str:
    """The content hash, plus the patient folder for exports that name nobody themselves:
    moving such an export into the right patient_id=<id> folder makes it a new file."""
    content = hasher(path)
    if fmt is None or not fmt.patient_from_folder:
        return content
    return hashlib.sha256(f"{content}\0patient_id={patient_id or ''}".encode()).hexdigest()


def _landed_export(landing: Path, path: Path, hasher: Hasher) -> LandedExport | None:
    """The export a landing entry holds, None when a native stream folder's asset reads it."""
    parts = path.relative_to(landing).parts
    top = parts[0] if parts else ""
    if top in OTHER_STREAM_FOLDERS:
        return None
    if refusal_of(path, home_of(landing)):
        refused = landing_file(landing, path, UNRECOGNISED_STREAM)
        return None if top in STREAM_SPECS else LandedExport(refused, None, None)
    readable = readable_path(path)
    if top in STREAM_SPECS and not is_export(readable):
        return None
    fmt = FORMATS.get(sniff(readable) or "")
    patient_id = patient_folder(path.relative_to(landing).as_posix())
    sha256 = _identity(readable, fmt, patient_id, hasher)
    stream = fmt.family if fmt else UNRECOGNISED_STREAM
    return LandedExport(landing_file(landing, path, stream, sha256), fmt, patient_id)


def discover_exports(
    landing: Path, known: set[str], hasher: Hasher = sha256_of
) -> list[LandedExport]:
    """New exports anywhere under landing/, and unrecognised files outside the stream folders,
    vocabularies first (an OMOP concept file names the concepts of the OMOP files beside it).

    A file in a native stream folder stays the native asset's unless its content is an export.
    """
    found = []
    for path in candidates(landing, home_of(landing)):
        export = _landed_export(landing, path, hasher)
        if export is not None and export.file.sha256 not in known:
            found.append(export)
    return sorted(found, key=lambda export: not (export.format and export.format.vocabulary_note))


def _stage_mapped_rows(
    conn: duckdb.DuckDBPyConnection, spec: StreamSpec, sql_name: str, params: dict, run_id: str
) -> bool:
    """One stream's rows of the loaded exports as `landing_rows` (canonical text columns,
    `_line` and `_file_id` of the record's own file, `_row`, `_record`); those the mapping
    refused are quarantined. False when there are none. Rows of records an earlier mapping
    took are not given again."""
    text = load_sql(sql_name)
    # An export's line can hold many resources, so its rows get their own key.
    conn.execute(
        "create or replace temp table mapped_rows as "  # noqa: S608 — our own sql/ file
        + "select *, row_number() over () as _row from ("
        + text
        + ")",
        bind(text, params),
    )
    drop_taken_records(conn)
    if not conn.execute("select exists (from mapped_rows)").fetchone()[0]:
        return False
    mapped = set(column_names(conn, "mapped_rows"))
    projections = text_projections(spec.columns, {column: column for column in mapped})
    conn.execute(
        "create or replace temp view landing_rows as select "  # noqa: S608 — quoted names only
        + ", ".join(
            [*projections, "f.file_line as _line", "_row", "f.file_id as _file_id", "_record"]
        )
        + " from mapped_rows m join record_files f on f.line = m._line where _reject is null"
    )
    conn.execute(
        "create or replace temp table landing_rejects as "
        "select _line as line, _reject as reason, _record as record "
        "from mapped_rows where _reject is not null"
    )
    quarantine_rejects(conn, spec.name, run_id)
    no_rejects(conn)
    return True


def _write_exports(
    conn: duckdb.DuckDBPyConnection,
    fmt: ExportFormat,
    file_ids: list[int],
    run_id: str,
    patient_id: str | None,
) -> dict[int, list[StreamCounts]]:
    """Every stream the loaded exports feed, each mapping run once over them; each file's
    counts."""
    rejected = quarantine_file_rejects(conn, fmt.family, run_id)
    start_counting(conn)
    for stream, sql_name in fmt.mappings:
        spec = EXPORT_STREAM_SPECS[stream]
        try:
            staged = _stage_mapped_rows(conn, spec, sql_name, {"patient_id": patient_id}, run_id)
        except duckdb.Error as error:
            raise UnreadableFile(f"cannot map to {stream}: {first_line(error)}") from error
        if staged:
            store_stream_rows(conn, spec, run_id)
            note_taken_records(conn, spec)
    return export_counts(conn, fmt.family, file_ids, rejected)


def ingest_export(
    conn: duckdb.DuckDBPyConnection, export: LandedExport, run_id: str, as_of: date
) -> FileOutcome:
    """Every stream the export feeds, in one transaction with one manifest row."""
    file, fmt = export.file, export.format
    if fmt is None:

        def refuse(file_id: int) -> list[StreamCounts]:
            raise UnreadableFile(file.refusal or UNRECOGNISED_REASON)

        return ingest_with(conn, file, file.stream, "unknown", refuse, run_id, as_of)

    def write(file_id: int) -> list[StreamCounts]:
        if file.size_bytes == 0:
            raise UnreadableFile("empty file")
        unreadable = fmt.load(conn, [(file_id, file)], fmt)
        if unreadable:
            raise UnreadableFile(unreadable[file_id])
        return _write_exports(conn, fmt, [file_id], run_id, export.patient_id)[file_id]

    note = fmt.vocabulary_note or (
        None if fmt.mappings else f"recognised as {fmt.description}; nothing in it is used"
    )
    return ingest_with(conn, file, fmt.family, fmt.name, write, run_id, as_of, note)


def _ingest_batch(
    conn: duckdb.DuckDBPyConnection, exports: list[LandedExport], run_id: str, as_of: date
) -> list[FileOutcome]:
    """Exports of one batched format loaded and mapped as one, in one transaction; each file
    keeps its own id, lines, counts and manifest row, and one that cannot be read is
    quarantined whole while the others go on."""
    fmt = exports[0].format
    files = [export.file for export in exports]
    with transaction(conn):
        file_ids = register_files(conn, files)
        unreadable = fmt.load(conn, list(zip(file_ids, files, strict=True)), fmt)
        read_ids = [file_id for file_id in file_ids if file_id not in unreadable]
        counts = _write_exports(conn, fmt, read_ids, run_id, None)
        return [
            record_quarantined(
                conn, file, file_id, fmt.family, fmt.name, unreadable[file_id], run_id, as_of
            )
            if file_id in unreadable
            else record_ingested(
                conn, file, file_id, fmt.family, fmt.name, counts[file_id], run_id, as_of
            )
            for file, file_id in zip(files, file_ids, strict=True)
        ]


def _batchable(export: LandedExport) -> bool:
    fmt = export.format
    return bool(fmt and fmt.batched and export.file.size_bytes and not export.file.refusal)


def export_batches(exports: list[LandedExport]) -> Iterator[list[LandedExport]]:
    """Runs of consecutive exports of one batched format, capped like the native batches
    (statinwatch/ingest/load.py); any other export comes alone."""
    batch: list[LandedExport] = []
    for export in exports:
        if batch and (
            not _batchable(export)
            or export.format != batch[0].format
            or len(batch) == MAX_BATCH_FILES
            or sum(e.file.size_bytes for e in batch) + export.file.size_bytes > MAX_BATCH_BYTES
        ):
            yield batch
            batch = []
        if not _batchable(export):
            yield [export]
            continue
        batch.append(export)
    if batch:
        yield batch


def ingest_exports(
    conn: duckdb.DuckDBPyConnection, exports: list[LandedExport], run_id: str, as_of: date
) -> Iterator[FileOutcome]:
    """Exports in order: batches of alike files, the rest alone. A batch that cannot be taken
    as one (a mapping error, a reference across its files) leaves no trace and is ingested again
    one file at a time, which says which file and why."""
    for batch in export_batches(exports):
        if len(batch) > 1:
            try:
                yield from _ingest_batch(conn, batch, run_id, as_of)
                continue
            except (ReadOneByOne, UnreadableFile):
                pass
        for export in batch:
            yield ingest_export(conn, export, run_id, as_of)


@dataclass(frozen=True)
class ExportsIngested:
    """What one run took from exports: each file's outcome, the rows by stream, and the
    skipped rows by file and reason (no patient data: paths, counts and fixed reasons)."""

    outcomes: list[dict]
    rows_by_stream: list[dict]
    skipped_rows: list[dict]


def ingest_new_exports(
    conn: duckdb.DuckDBPyConnection, landing: Path, run_id: str, as_of: date, log: logging.Logger
) -> ExportsIngested:
    """Every export not ingested before, each counted on its own."""
    load_vocabulary(conn)
    with remembered_hashes(conn) as hasher:
        landed = discover_exports(landing, known_hashes(conn), hasher)
    outcomes = []
    for outcome in ingest_exports(conn, landed, run_id, as_of):
        outcomes.append(outcome.as_dict())
        log_outcome(log, outcome)
    return ExportsIngested(
        outcomes,
        rows_by_stream=_records(conn, "ingest/export_rows_by_stream", run_id),
        skipped_rows=_records(conn, "ingest/skipped_rows_of_run", run_id),
    )


def _records(conn: duckdb.DuckDBPyConnection, sql_name: str, run_id: str) -> list[dict]:
    return run_sql(conn, sql_name, {"run_id": run_id}).df().to_dict(orient="records")
