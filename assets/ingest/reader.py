"""Read one landing file with DuckDB's own readers into the temp view `landing_rows`.

The view carries the stream's canonical columns as text (absent ones as null), the
record's line in the file and the record itself as JSON, so validation SQL can treat
CSV, Parquet and JSON Lines alike. Malformed records the reader itself rejects are left
in the temp table `landing_rejects` (line, reason, record).
"""

import re
from dataclasses import dataclass

import duckdb

from assets.ingest.landing import LandingFile
from assets.ingest.streams import StreamSpec

# A byte that never occurs in text: reading JSON Lines as one text column per line.
_NO_DELIMITER = "\x1e"
CSV_ENCODINGS = ("utf-8", "latin-1")


class UnreadableFile(Exception):
    """The file as a whole cannot be ingested; the message is the operator-facing reason."""


@dataclass(frozen=True)
class ReadResult:
    missing_required: tuple[str, ...]
    header_line: int


def quote_ident(name: str) -> str:
    """Quote a column name found in a file so it can only ever be an identifier."""
    return '"' + name.replace('"', '""') + '"'


def column_names(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of one of our own temp tables (the name is never user input)."""
    query = "select column_name from (describe " + quote_ident(table) + ")"  # noqa: S608
    return [name for (name,) in conn.execute(query).fetchall()]


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300]


def read_csv_file(conn: duckdb.DuckDBPyConnection, file: LandingFile) -> None:
    """Every record as text into `landing_file` (with `ordinality`), bad ones into rejects."""
    last_error: Exception | None = None
    for encoding in CSV_ENCODINGS:
        try:
            conn.execute(
                "create or replace temp table landing_file as "
                "select * from read_csv($path, all_varchar = true, header = true, "
                "store_rejects = true, ignore_errors = true, encoding = $encoding, "
                "rejects_table = 'csv_rejects', rejects_scan = 'csv_scans') with ordinality",
                {"path": str(file.path), "encoding": encoding},
            )
            conn.execute(
                "create or replace temp table landing_rejects as "
                "select line, 'malformed CSV record: ' || error_message as reason, "
                "csv_line as record from csv_rejects"
            )
            return
        except duckdb.Error as error:
            last_error = error
            if "unicode" not in str(error).lower():
                break
    raise UnreadableFile(f"cannot read as CSV: {first_line(last_error)}")


def _read_parquet(conn: duckdb.DuckDBPyConnection, file: LandingFile) -> None:
    try:
        conn.execute(
            "create or replace temp table landing_file as "
            "select * exclude (file_row_number), file_row_number + 1 as ordinality "
            "from read_parquet($path, file_row_number = true)",
            {"path": str(file.path)},
        )
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as Parquet: {first_line(error)}") from error
    no_rejects(conn)


def no_rejects(conn: duckdb.DuckDBPyConnection) -> None:
    """An empty `landing_rejects`, for readers that reject no record themselves."""
    conn.execute(
        "create or replace temp table landing_rejects (line bigint, reason varchar, record varchar)"
    )


def read_json_lines(conn: duckdb.DuckDBPyConnection, file: LandingFile) -> None:
    """Each non-blank line into `landing_lines` (line, text, doc); non-objects into rejects."""
    try:
        conn.execute(
            "create or replace temp table landing_lines as "
            "select ordinality as line, l as text, try(json(l)) as doc "
            "from read_csv($path, columns = {'l': 'varchar'}, header = false, delim = $delim, "
            "quote = '', escape = '', auto_detect = false, strict_mode = false) with ordinality "
            "where l is not null and trim(l) <> ''",
            {"path": str(file.path), "delim": _NO_DELIMITER},
        )
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as JSON Lines: {first_line(error)}") from error
    conn.execute(
        "create or replace temp table landing_rejects as "
        "select line, 'invalid JSON object on this line' as reason, left(text, 2000) as record "
        "from landing_lines where doc is null or json_type(doc) <> 'OBJECT'"
    )


def _read_jsonl(conn: duckdb.DuckDBPyConnection, file: LandingFile, spec: StreamSpec) -> None:
    read_json_lines(conn, file)
    keys = conn.execute(
        "select distinct unnest(json_keys(doc)) as k from landing_lines "
        "where json_type(doc) = 'OBJECT' order by k"
    ).fetchall()
    columns = match_columns([key for (key,) in keys], spec.columns)
    # Each canonical column reads the key the file actually used; keys reach the SQL only as
    # escaped string literals and column names only through quote_ident.
    projections = [
        f"json_extract_string(doc, {_json_path_literal(source)}) as {quote_ident(canonical)}"
        for canonical, source in columns.items()
    ]
    conn.execute(
        "create or replace temp table landing_file as select "  # noqa: S608 — escaped above
        + ", ".join([*projections, "line as ordinality", "doc"])
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


def read_landing_file(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, spec: StreamSpec
) -> ReadResult:
    """Create `landing_rows` and `landing_rejects` for one file, or raise UnreadableFile."""
    if file.size_bytes == 0:
        raise UnreadableFile("empty file")
    if file.format == "csv":
        read_csv_file(conn, file)
    elif file.format == "parquet":
        _read_parquet(conn, file)
    elif file.format == "jsonl":
        _read_jsonl(conn, file, spec)
    else:
        raise UnreadableFile(
            f"unsupported file type '{file.path.suffix}' "
            "(expected .csv, .parquet, .jsonl or .ndjson)"
        )
    file_columns = [
        name
        for (name,) in conn.execute(
            "select column_name from (describe landing_file) "
            "where column_name not in ('ordinality', 'doc')"
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
    return ReadResult(missing_required=missing, header_line=header_line)


def _create_landing_rows(
    conn: duckdb.DuckDBPyConnection,
    spec: StreamSpec,
    matched: dict[str, str],
    header_line: int,
    file_format: str,
) -> None:
    source_of = matched if file_format != "jsonl" else {name: name for name in matched}
    projections = [
        f"cast({quote_ident(source_of[column])} as varchar) as {quote_ident(column)}"
        if column in source_of
        else f"cast(null as varchar) as {quote_ident(column)}"
        for column in spec.columns
    ]
    record = "cast(doc as varchar)" if file_format == "jsonl" else "cast(to_json(f) as varchar)"
    line = "ordinality" if file_format == "jsonl" else f"ordinality + {int(header_line)}"
    conn.execute(
        "create or replace temp view landing_rows as select "  # noqa: S608 — quoted names only
        + ", ".join([*projections, f"{line} as _line", f"left({record}, 2000) as _record"])
        + " from landing_file f"
    )
