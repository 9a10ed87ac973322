"""The staging stage on Spark: the same sql/staging/ statements the DuckDB steps run, translated,
over the raw tables of the lake. Spark builds each staged table whole (from the first file on,
then the device load of every day); the DuckDB path's saving of typing only new files is one
machine's, and staging in steps equals staging at once (statinwatch/staging/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import sqlglot
from sqlglot import exp

from statinwatch.incremental import newest_file
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.paths import SQL_DIR
from statinwatch.rules import rule_parameters
from statinwatch.spark.lake import (
    create_schema,
    drop_table,
    publish,
    publish_new_files,
    read_back,
    register,
)
from statinwatch.spark.statements import StageOutcome, run_statement, upstream_tables
from statinwatch.spark.translate import to_spark_tree
from statinwatch.sql import load_sql, render_sql, transaction
from statinwatch.staging import device_load
from statinwatch.staging.staged_tables import APPEND_ONLY_STREAMS, staged_identifiers
from statinwatch.vocabulary import load_vocabulary

if TYPE_CHECKING:  # pyspark is imported by the Spark steps alone
    from pyspark.sql import SparkSession

# A file id below every file's: bound as the last file seen, the statements take them all.
ALL_FILES = -1
# Made by the schema on DuckDB; the device step notes its changes there for the clinical stage.
EXERCISE_CHANGES = "staging.exercise_changes"
EXERCISE_CHANGES_SCHEMA = "schema/22_exercise_changes"


def stream_statement_texts(stream: str) -> Iterator[str]:
    """The SQL texts that stage one stream, in the order the DuckDB steps run them."""
    if stream not in APPEND_ONLY_STREAMS:
        yield load_sql(f"staging/{stream}")
        return
    identifiers = staged_identifiers(STREAM_SPECS[stream].staged_table)
    yield load_sql(f"staging/{stream}")
    yield render_sql("staging/create_staged_table", **identifiers)
    yield render_sql("staging/append_new_files", **identifiers)
    if stream == "exercise":
        yield load_sql(EXERCISE_CHANGES_SCHEMA)
        yield from (load_sql(name) for name in (*device_load.VIEWS, *device_load.STEPS))


def staging_statements(up_to_file_id: int) -> list[exp.Expression]:
    """The translated statements of the staging stage on Spark, every stream from the first
    file on, up to the newest file landed."""
    params = {
        **rule_parameters(),
        "highest_file_id": ALL_FILES,
        "last_file_id": ALL_FILES,
        "up_to_file_id": up_to_file_id,
    }
    return [
        tree
        for stream in STREAM_SPECS
        for text in stream_statement_texts(stream)
        for tree in to_spark_tree(text, params)
    ]


def review_reads() -> list[str]:
    """The staged tables the review stage reads (sql/review/): the warehouse keeps a copy."""
    statements = [
        tree
        for path in sorted((SQL_DIR / "review").glob("*.sql"))
        for tree in sqlglot.parse(path.read_text(encoding="utf-8"), read="duckdb")
        if tree is not None
    ]
    return upstream_tables(statements, ("staging",))


def _publish_upstream(conn: duckdb.DuckDBPyConnection, lake: Path, tables: list[str]) -> int:
    """The raw tables' new files and the code lists to the lake; returns the files added."""
    added = 0
    for table in tables:
        if table.startswith("raw."):
            added += publish_new_files(conn, lake, table)
    publish(conn, lake, [table for table in tables if table.startswith("vocab.")])
    return added


def staged_tables() -> list[str]:
    return [spec.staged_table for spec in STREAM_SPECS.values()]


def build_staging_stage(
    conn: duckdb.DuckDBPyConnection, spark: SparkSession, lake: Path
) -> StageOutcome:
    """Bring the lake's raw tables and code lists up to date, build every staged table on
    Spark, and read back into the warehouse the staged tables the review stage reads."""
    outcome = StageOutcome()
    load_vocabulary(conn)
    statements = staging_statements(newest_file(conn))
    upstream = upstream_tables(statements, ("raw", "vocab"))
    with outcome.timed("publish"):
        outcome.files_added = _publish_upstream(conn, lake, upstream)
        register(spark, lake, upstream)
    with outcome.timed("spark"):
        create_schema(spark, "staging")
        for table in [*staged_tables(), EXERCISE_CHANGES]:
            drop_table(spark, exp.to_table(table))
        for tree in statements:
            run_statement(spark, lake, tree)
    with outcome.timed("read_back"), transaction(conn):
        read_back(conn, lake, review_reads())
    outcome.rows = {table: spark.table(table).count() for table in staged_tables()}
    return outcome
