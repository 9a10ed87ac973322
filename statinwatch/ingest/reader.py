"""Read landing files with DuckDB's own readers into the temp view `landing_rows`.

One file at a time, or a batch of one stream's files of one format and one header in a single
read (the files listed in the temp table `batch_files`), which types rows at the bulk rate.
The view carries the stream's canonical columns as text (absent ones as null), the
record's line in the file, a key unique to the row (`_row`) and the record itself as JSON,
so validation SQL can treat CSV, Parquet and JSON Lines alike; the JSON is only ever
rendered for the rows that are quarantined. Malformed records the reader itself rejects are left
in the temp table `landing_rejects` (line, reason, record); a batch with any such record is
refused with ReadOneByOne, so the exact per-file rules of the one-file path apply to it.
"""

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from statinwatch.ingest.landing import LandingFile
from statinwatch.ingest.streams import StreamSpec
from statinwatch.sql import run_sql

# A byte that never occurs in text: reading JSON Lines as one text column per line.
_NO_DELIMITER = "\x1e"
# A field text that no line holds, so DuckDB never reads an empty field as null.
_NEVER_NULL = "\x1f\x1d\x1f"
# Windows-1252, what "ANSI" exports are in: Latin-1 but for 0x80-0x9F (€, curly quotes, dashes);
# the five bytes it leaves undefined keep their Latin-1 meaning, so every byte decodes.
_WINDOWS_1252 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


class UnreadableFile(Exception):
    """The file as a whole cannot be ingested; the message is the operator-facing reason."""


class ReadOneByOne(Exception):
    """A batch of files cannot be read as one (a malformed record, differing keys)."""


# The column sql/ingest/read_*.sql name each record's file in; it is no part of the record
# kept in the quarantine.
SOURCE_COLUMN = "sw_source_file"
RECORD_JSON = (
    f"left(cast(to_json(struct_pack(*columns(f.* exclude ({SOURCE_COLUMN})))) as varchar), 2000)"
)


@dataclass(frozen=True)
class ReadResult:
    missing_required: tuple[str, ...]


def quote_ident(name: str) -> str:
    """Quote a column name found in a file so it can only ever be an identifier."""
    return '"' + name.replace('"', '""') + '"'


def column_names(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of one of our own temp tables (the name is never user input)."""
    query = "select column_name from (describe " + quote_ident(table) + ")"  # noqa: S608
    return [name for (name,) in conn.execute(query).fetchall()]


_GLOB_CHARACTER = re.compile(r"([*?\[])")
# A CSV header longer than this is compared by its start only; the read itself checks it whole.
HEADER_MAX_BYTES = 1 << 16


def shape_of(file: LandingFile) -> tuple | None:
    """What files must share to be read as one: the format and the header (CSV) or schema
    (Parquet). None for a file read on its own: refused, empty, of another type, with a glob
    character in its name (its rows could not be told apart by name) or an unreadable start."""
    if file.refusal or file.size_bytes == 0 or _GLOB_CHARACTER.search(str(file.path)):
        return None
    try:
        if file.format == "csv":
            with file.path.open("rb") as handle:
                return ("csv", handle.readline(HEADER_MAX_BYTES))
        if file.format == "parquet":
            schema = pq.read_schema(file.path)
            return ("parquet", tuple((field.name, str(field.type)) for field in schema))
    except (OSError, pa.ArrowException):
        return None
    return ("jsonl",) if file.format == "jsonl" else None


def first_line(error: Exception) -> str:
    """The operator-facing gist of a DuckDB error: its first line, and for a CSV error (whose
    first line only says where) the line that says what, which DuckDB prints after the
    offending record (itself possibly many lines) and before its suggestions."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    gist = lines[0] if lines else type(error).__name__
    if "CSV Error on Line" in gist:
        end = next(
            (i for i, line in enumerate(lines) if line.startswith(("Possible Solution", "file ="))),
            len(lines),
        )
        if end > 2:
            gist = f"{gist}: {lines[end - 1]}"
    return gist[:300]


def duckdb_path(path: Path) -> str:
    """A path DuckDB's readers open as that one file: they expand `*`, `?` and `[...]` as a
    glob, so `labs[1].csv` would read `labs1.csv`; each such character becomes a class of one."""
    return _GLOB_CHARACTER.sub(r"[\1]", str(path))


def windows_text(data: bytes) -> str:
    """A file that is not UTF-8, decoded as Windows-1252 (Latin-1 where 1252 is undefined)."""
    return data.decode("latin-1").translate(_WINDOWS_1252)


@contextmanager
def _utf8_copy(conn: duckdb.DuckDBPyConnection, file: LandingFile) -> Iterator[str]:
    """The file re-encoded as UTF-8 in memory (DuckDB reads Latin-1 but refuses 1252's extra
    characters); nothing is written to disk, and the copy is gone once read."""
    memory = fsspec.filesystem("memory")
    if not conn.filesystem_is_registered("memory"):
        conn.register_filesystem(memory)
    name = f"memory://statinwatch-reencoded/{uuid.uuid4().hex}.csv"
    memory.pipe(name, windows_text(file.path.read_bytes()).encode("utf-8"))
    try:
        yield name
    finally:
        memory.rm(name)


def _read_csv_records(conn: duckdb.DuckDBPyConnection, paths: list[str]) -> None:
    # DuckDB appends to an existing rejects table, so each read starts from empty ones.
    run_sql(conn, "ingest/reset_csv_rejects")
    run_sql(conn, "ingest/read_csv", {"paths": paths})


def _has_rejects(conn: duckdb.DuckDBPyConnection) -> bool:
    return bool(run_sql(conn, "ingest/csv_rejects_exist").fetchone()[0])


def _has_encoding_errors(conn: duckdb.DuckDBPyConnection) -> bool:
    return bool(run_sql(conn, "ingest/csv_encoding_errors").fetchone()[0])


def read_csv_file(conn: duckdb.DuckDBPyConnection, file: LandingFile) -> None:
    """Every record as text into `landing_file` (`ordinality` + 1 = its line), bad ones into
    `landing_rejects`, one row per rejected line.

    A file that is not UTF-8 (Windows exports are often Windows-1252) is read again from a
    re-encoded copy rather than losing every line with an accented name."""
    try:
        _read_csv_records(conn, [duckdb_path(file.path)])
        if _has_encoding_errors(conn):
            with _utf8_copy(conn, file) as copy:
                _read_csv_records(conn, [copy])
            # The copy's records are the file's.
            conn.execute("update landing_file set sw_source_file = $path", {"path": str(file.path)})
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as CSV: {first_line(error)}") from error
    if _has_rejects(conn):
        run_sql(conn, "ingest/csv_records_by_line")
    run_sql(conn, "ingest/csv_rejects_by_line")


def _read_csv_batch(conn: duckdb.DuckDBPyConnection, files: list[LandingFile]) -> None:
    try:
        _read_csv_records(conn, [duckdb_path(file.path) for file in files])
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as CSV: {first_line(error)}") from error
    if _has_rejects(conn):
        raise ReadOneByOne("a record was rejected; its file's lines are counted on their own")
    run_sql(conn, "ingest/csv_batch_by_line")
    no_rejects(conn)


def read_parquet_files(conn: duckdb.DuckDBPyConnection, files: list[LandingFile]) -> None:
    try:
        run_sql(
            conn,
            "ingest/read_parquet",
            {"paths": [duckdb_path(file.path) for file in files]},
        )
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as Parquet: {first_line(error)}") from error
    no_rejects(conn)


def no_rejects(conn: duckdb.DuckDBPyConnection) -> None:
    """An empty `landing_rejects`, for readers that reject no record themselves."""
    conn.execute(
        "create or replace temp table landing_rejects (line bigint, reason varchar, record varchar)"
    )


def read_json_lines(conn: duckdb.DuckDBPyConnection, *files: LandingFile) -> None:
    """Each non-blank line into `landing_lines` (line, text, doc); non-objects into rejects."""
    params = {
        "paths": [duckdb_path(file.path) for file in files],
        "delim": _NO_DELIMITER,
        "never": _NEVER_NULL,
    }
    try:
        run_sql(conn, "ingest/read_json_lines", params)
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as JSON Lines: {first_line(error)}") from error
    conn.execute(
        "create or replace temp table landing_rejects as "
        "select line, 'invalid JSON object on this line' as reason, left(text, 2000) as record "
        "from landing_lines where doc is null or json_type(doc) <> 'OBJECT'"
    )


def _read_jsonl(
    conn: duckdb.DuckDBPyConnection, files: list[LandingFile], spec: StreamSpec
) -> None:
    read_json_lines(conn, *files)
    if len(files) > 1 and conn.execute("select exists (from landing_rejects)").fetchone()[0]:
        raise ReadOneByOne("a line is not a JSON object; its file is read on its own")
    keys_by_file = run_sql(conn, "ingest/json_keys_by_file").fetchall()
    mappings = {
        json.dumps(match_columns(keys, spec.columns), sort_keys=True) for _, keys in keys_by_file
    }
    if len(mappings) > 1:
        raise ReadOneByOne("the files name their keys differently")
    columns = json.loads(mappings.pop()) if mappings else {}
    # Each canonical column reads the key the file actually used; keys reach the SQL only as
    # escaped string literals and column names only through quote_ident.
    projections = [
        f"json_extract_string(doc, {_json_path_literal(source)}) as {quote_ident(canonical)}"
        for canonical, source in columns.items()
    ]
    conn.execute(
        "create or replace temp table landing_file as select "  # noqa: S608 — escaped above
        + ", ".join([*projections, "line as ordinality", "doc", SOURCE_COLUMN])
        + " from landing_lines where json_type(doc) = 'OBJECT'"
    )


def _json_path_literal(key: str) -> str:
    """A JSON path for one key, as a SQL string literal (keys come from the file)."""
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return "'" + ('$."' + escaped + '"').replace("'", "''") + "'"


def canonical_column(name: str) -> str:
    """A column name as the contract spells it: lower case, inner spaces as underscores."""
    return re.sub(r"\s+", "_", name.strip().lower())


def match_columns(names: list[str], wanted_columns: tuple[str, ...]) -> dict[str, str]:
    """Canonical column → the file's column, matched case- and space-insensitively."""
    wanted = set(wanted_columns)
    matched: dict[str, str] = {}
    for name in names:
        canonical = canonical_column(name)
        if canonical in wanted and canonical not in matched:
            matched[canonical] = name
    return matched


def read_landing_files(
    conn: duckdb.DuckDBPyConnection, files: list[LandingFile], spec: StreamSpec
) -> ReadResult:
    """Create `landing_rows` and `landing_rejects` for the files of `batch_files`: one file
    (UnreadableFile when it cannot be taken) or a batch of files of one format and header
    (UnreadableFile or ReadOneByOne when they cannot be read as one: the batch is then read
    one file at a time, which says which file and why)."""
    file = files[0]
    if file.refusal:
        raise UnreadableFile(file.refusal)
    if file.size_bytes == 0:
        raise UnreadableFile("empty file")
    if file.format == "csv":
        if len(files) > 1:
            _read_csv_batch(conn, files)
        else:
            read_csv_file(conn, file)
    elif file.format == "parquet":
        read_parquet_files(conn, files)
    elif file.format == "jsonl":
        _read_jsonl(conn, files, spec)
    else:
        raise UnreadableFile(
            f"unsupported file type '{file.path.suffix}' "
            "(expected .csv, .parquet, .jsonl or .ndjson)"
        )
    file_columns = [
        name
        for (name,) in conn.execute(
            "select column_name from (describe landing_file) "
            "where column_name not in ('ordinality', 'doc', $source)",
            {"source": SOURCE_COLUMN},
        ).fetchall()
    ]
    matched = match_columns(file_columns, spec.columns)
    if not matched:
        raise UnreadableFile(
            "no recognisable header: none of the columns " + ", ".join(spec.columns) + " was found"
        )
    header_line = 1 if file.format == "csv" else 0
    _create_landing_rows(conn, spec, matched, header_line, file.format)
    missing = tuple(column for column in spec.required if column not in matched)
    return ReadResult(missing_required=missing)


def text_projections(columns: tuple[str, ...], source_of: dict[str, str]) -> list[str]:
    """Select-list items giving each canonical column as text, read from the source column the
    file used for it, or null when the file has none (names only ever quoted identifiers)."""
    return [
        f"cast({quote_ident(source_of[column])} as varchar) as {quote_ident(column)}"
        if column in source_of
        else f"cast(null as varchar) as {quote_ident(column)}"
        for column in columns
    ]


def _create_landing_rows(
    conn: duckdb.DuckDBPyConnection,
    spec: StreamSpec,
    matched: dict[str, str],
    header_line: int,
    file_format: str,
) -> None:
    source_of = matched if file_format != "jsonl" else {name: name for name in matched}
    projections = text_projections(spec.columns, source_of)
    record = "left(cast(doc as varchar), 2000)" if file_format == "jsonl" else RECORD_JSON
    line = "ordinality" if file_format == "jsonl" else f"ordinality + {int(header_line)}"
    conn.execute(
        "create or replace temp view landing_rows as select "  # noqa: S608 — quoted names only
        + ", ".join(
            [
                *projections,
                f"{line} as _line",
                f"{line} as _row",
                "b.file_id as _file_id",
                f"{record} as _record",
            ]
        )
        + " from landing_file f join batch_files b on b.source = f.sw_source_file"
    )
