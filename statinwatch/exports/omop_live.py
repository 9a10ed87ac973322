"""Pull live OMOP CDM databases into landing/ as Parquet exports of new or changed rows.

Each source configured in `<home>/omop_sources.toml` (docs/formats.md "OMOP CDM v5.4") is read
at the start of a run: a DuckDB file, opened read-only, or a PostgreSQL schema, read with
psycopg2 (no DuckDB extension: CI has no network). For each OMOP table it holds, the rows whose
id is new or whose content changed since the last pull (a hash of the row kept in
omop.pulled_rows) are written to `landing/omop/<source>/<table>/<UTC timestamp>.parquet`,
which the ordinary export ingest then takes with its exact accounting.

Crash safety: the file is written under a name discovery ignores, flushed and renamed; the
pull state is recorded only after that. A crash in between lands the rows again next time,
where they count as duplicates; no row is ever marked pulled without a durable file.
"""

import logging
import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq
from psycopg2 import sql as pg_sql

from statinwatch.durable import flush_file, flush_folder
from statinwatch.ingest.reader import first_line, quote_ident
from statinwatch.paths import landing_dir
from statinwatch.sql import load_sql, render_sql, run_sql, transaction

CONFIG_NAME = "omop_sources.toml"
# Tables in pull order, each with its id column: concepts first, so the mappings of the same
# run can name the others' concepts (the export ingest also takes concept files first).
OMOP_TABLES = (
    ("concept", "concept_id"),
    ("person", "person_id"),
    ("drug_exposure", "drug_exposure_id"),
    ("condition_occurrence", "condition_occurrence_id"),
    ("measurement", "measurement_id"),
    ("observation", "observation_id"),
)
BATCH_ROWS = 50_000
# A source name becomes a landing folder; a schema name is quoted, and also kept plain.
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
KINDS = ("duckdb", "postgres")


class OmopConfigError(Exception):
    """omop_sources.toml is malformed; the message says which entry and why."""


@dataclass(frozen=True)
class OmopSource:
    name: str
    kind: str
    schema: str
    path: str = ""  # duckdb: the database file
    host: str = ""
    port: int = 5432
    dbname: str = ""
    user: str = ""
    # The variable holding the password, so no secret is written in the configuration.
    password_env: str = ""


def _source(entry: dict) -> OmopSource:
    name, kind = str(entry.get("name", "")), entry.get("kind")
    if not _SOURCE_NAME.match(name):
        raise OmopConfigError(f"omop_source name {name!r}: letters, digits, '_' or '-' only")
    if kind not in KINDS:
        raise OmopConfigError(f"omop_source {name}: kind must be one of {', '.join(KINDS)}")
    schema = str(entry.get("schema", "main" if kind == "duckdb" else "public"))
    if not _SCHEMA_NAME.match(schema):
        raise OmopConfigError(f"omop_source {name}: schema {schema!r} is not a plain identifier")
    fields = set(OmopSource.__dataclass_fields__) - {"name", "kind", "schema"}
    unknown = set(entry) - fields - {"name", "kind", "schema"}
    if unknown:
        raise OmopConfigError(f"omop_source {name}: unknown keys {', '.join(sorted(unknown))}")
    return OmopSource(name, kind, schema, **{key: entry[key] for key in fields & set(entry)})


def load_sources(home: Path) -> list[OmopSource]:
    """The `[[omop_source]]` tables of <home>/omop_sources.toml; none without the file."""
    config = home / CONFIG_NAME
    if not config.is_file():
        return []
    try:
        entries = tomllib.loads(config.read_text(encoding="utf-8")).get("omop_source", [])
    except tomllib.TOMLDecodeError as error:
        raise OmopConfigError(f"{CONFIG_NAME}: {error}") from error
    sources = [_source(entry) for entry in entries]
    names = [source.name for source in sources]
    if len(set(names)) != len(names):
        raise OmopConfigError(f"{CONFIG_NAME}: two sources share a name")
    return sources


def _as_text(batch: pa.RecordBatch) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays(
        [column.cast(pa.string()) for column in batch.columns], names=batch.schema.names
    )


def _duckdb_batches(source: OmopSource, table: str) -> Iterator[pa.RecordBatch] | None:
    """The table's rows as text, in batches, or None when the database has no such table."""
    conn = duckdb.connect(source.path, read_only=True)
    found = run_sql(
        conn, "ingest/omop_pull/duckdb_table", {"schema_name": source.schema, "table_name": table}
    ).fetchall()
    if not found:
        conn.close()
        return None
    query = (
        "select cast(columns(*) as varchar) from "  # noqa: S608 — quoted identifiers only
        + ".".join(quote_ident(name) for name in found[0])
    )

    def batches() -> Iterator[pa.RecordBatch]:
        with closing(conn):
            yield from conn.sql(query).to_arrow_reader(BATCH_ROWS)

    return batches()


def _postgres_text(value: object) -> str | None:
    return None if value is None else str(value)


def _postgres_batches(source: OmopSource, table: str) -> Iterator[pa.RecordBatch] | None:
    """As _duckdb_batches, through a server-side cursor so a large table streams."""
    conn = psycopg2.connect(
        host=source.host,
        port=source.port,
        dbname=source.dbname,
        user=source.user,
        password=os.environ.get(source.password_env, "") if source.password_env else None,
    )
    with conn.cursor() as cursor:
        cursor.execute(
            "select 1 from information_schema.tables where table_schema = %s and table_name = %s",
            (source.schema, table),
        )
        exists = cursor.fetchone() is not None
    if not exists:
        conn.close()
        return None
    query = pg_sql.SQL("select * from {}.{}").format(
        pg_sql.Identifier(source.schema), pg_sql.Identifier(table)
    )

    def batches() -> Iterator[pa.RecordBatch]:
        with closing(conn), conn.cursor(name="statinwatch_omop_pull") as cursor:
            cursor.itersize = BATCH_ROWS
            cursor.execute(query)
            while rows := cursor.fetchmany(BATCH_ROWS):
                names = [column.name for column in cursor.description]
                columns = zip(*rows, strict=True)
                yield pa.RecordBatch.from_arrays(
                    [pa.array(map(_postgres_text, column), pa.string()) for column in columns],
                    names=names,
                )

    return batches()


READERS = {"duckdb": _duckdb_batches, "postgres": _postgres_batches}


def _durable_rename(temporary: Path, final: Path) -> None:
    """Flush the file, rename it into place and flush the folder, so the landed file survives
    a crash before the pull state that relies on it is recorded."""
    flush_file(temporary)
    temporary.replace(final)
    flush_folder(final.parent)


def _write_changed_rows(
    conn: duckdb.DuckDBPyConnection,
    batches: Iterator[pa.RecordBatch],
    params: dict,
    key: str,
    temporary: Path,
) -> tuple[int, int]:
    """The new or changed rows of every batch appended to `temporary`; (read, written)."""
    changed_sql = render_sql("ingest/omop_pull/changed_rows", key=key)
    writer: pq.ParquetWriter | None = None
    read = written = 0
    try:
        for batch in batches:
            read += batch.num_rows
            conn.register("pull_batch", pa.Table.from_batches([_as_text(batch)]))
            try:
                conn.execute(changed_sql, params)
            finally:
                conn.unregister("pull_batch")
            run_sql(conn, "ingest/omop_pull/note_pulled")
            changed = conn.sql(load_sql("ingest/omop_pull/changed_rows_out")).to_arrow_table()
            if changed.num_rows:
                writer = writer or pq.ParquetWriter(temporary, changed.schema)
                writer.write_table(changed)
                written += changed.num_rows
    finally:
        if writer is not None:
            writer.close()
    return read, written


def pull_table(
    conn: duckdb.DuckDBPyConnection, source: OmopSource, table: str, key: str, landing: Path
) -> dict | None:
    """Land one table's new or changed rows; its counts, or None when the source lacks it."""
    batches = READERS[source.kind](source, table)
    if batches is None:
        return None
    folder = landing / "omop" / source.name / table
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{stamp}.parquet"
    temporary = folder / f".{stamp}.parquet.tmp"  # discovery skips dot files and .tmp
    params = {"source": source.name, "table_name": table}
    run_sql(conn, "ingest/omop_pull/pull_state")
    try:
        read, written = _write_changed_rows(conn, batches, params, key, temporary)
        if written:
            _durable_rename(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    if written:
        with transaction(conn):
            run_sql(conn, "ingest/omop_pull/record_pulled", params)
    return {
        "source": source.name,
        "table": table,
        "rows_read": read,
        "rows_landed": written,
        "file": final.relative_to(landing).as_posix() if written else "",
    }


def pull_omop_sources(
    conn: duckdb.DuckDBPyConnection, home: Path, log: logging.Logger
) -> list[dict]:
    """Land the new or changed rows of every configured live OMOP database (counts only).

    A source that cannot be read is logged and left for the next run: its rows were not
    marked pulled, so nothing is lost, and the files already landed are still ingested."""
    pulled = []
    for source in load_sources(home):
        try:
            for table, key in OMOP_TABLES:
                counts = pull_table(conn, source, table, key, landing_dir(home))
                if counts is not None:
                    log.info(
                        "OMOP source %s, %s: read %d rows, landed %d new or changed",
                        source.name, table, counts["rows_read"], counts["rows_landed"],
                    )  # fmt: skip
                    pulled.append(counts)
        except (duckdb.Error, psycopg2.Error, OSError) as error:
            log.warning("OMOP source %s not pulled: %s", source.name, first_line(error))
    return pulled
