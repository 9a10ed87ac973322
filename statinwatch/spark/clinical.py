"""The clinical stage on Spark: the same sql/clinical/ statements, translated, over the staged
tables the staging stage on Spark wrote to the lake (statinwatch/spark/staging.py). Spark
builds every table whole each run; the DuckDB path's incremental bookkeeping (sessions judged
once, forgotten when touched) is a saving of one machine that a cluster does not need to reach
the same rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from statinwatch.clinical.exercise_judgement import CREATE_TABLE, TABLE
from statinwatch.spark.lake import (
    create_schema,
    drop_table,
    lake_reader,
    publish,
    read_back,
    register,
)
from statinwatch.spark.staging import ALL_FILES, EXERCISE_CHANGES, staged_tables
from statinwatch.spark.statements import StageOutcome, run_statement, upstream_tables
from statinwatch.spark.translate import to_spark_tree
from statinwatch.sql import load_sql, transaction

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import SparkSession

# Exercise sessions judged from the first file on: a new, empty table has nothing to forget.
EXERCISE_STEPS = (CREATE_TABLE, "clinical/exercise_sessions_touched", "clinical/exercise_sessions")
# The schemas built before the clinical stage; what the statements read of them is in the lake.
UPSTREAM_SCHEMAS = ("staging", "vocab")
# Tables the staging stage on Spark wrote to the lake; the code lists are published here.
IN_THE_LAKE = frozenset([*staged_tables(), EXERCISE_CHANGES])
# The clinical table that grows with the whole exercise history stays in the lake: the review
# reads it only for the report's charts of a few patients, in place (spark/lake.py).
LAKE_ONLY = frozenset([TABLE])


@contextmanager
def lake_only_tables(lake: Path, limits: dict[str, object]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection reading the clinical tables kept only in the lake, in place."""
    with lake_reader(lake, sorted(LAKE_ONLY), limits) as conn:
        yield conn


def statement_files(tables: Sequence[str]) -> list[str]:
    """The sql/ files of the clinical stage on Spark, in the order they run."""
    return [*EXERCISE_STEPS, *(f"clinical/{table}" for table in tables)]


def clinical_statements(tables: Sequence[str], params: dict[str, object]) -> list[exp.Expression]:
    """The translated statements of the clinical stage on Spark, in the order they run."""
    bound = {**params, "last_file_id": ALL_FILES}
    return [
        tree for name in statement_files(tables) for tree in to_spark_tree(load_sql(name), bound)
    ]


def build_clinical(spark: SparkSession, lake: Path, statements: list[exp.Expression]) -> None:
    """clinical.exercise_sessions, then the other clinical tables, on Spark."""
    create_schema(spark, "clinical")
    drop_table(spark, exp.to_table(TABLE))
    for tree in statements:
        run_statement(spark, lake, tree)


def build_clinical_stage(
    conn: duckdb.DuckDBPyConnection,
    spark: SparkSession,
    lake: Path,
    tables: Sequence[str],
    params: dict[str, object],
) -> StageOutcome:
    """Publish what the clinical SQL reads that staging did not write to the lake (the code
    lists), build the clinical tables on Spark, and read back into the warehouse in one
    transaction every one the review stage reads there (all but LAKE_ONLY)."""
    outcome = StageOutcome()
    statements = clinical_statements(tables, params)
    upstream = upstream_tables(statements, UPSTREAM_SCHEMAS)
    with outcome.timed("publish"):
        publish(conn, lake, [table for table in upstream if table not in IN_THE_LAKE])
        register(spark, lake, upstream)
    with outcome.timed("spark"):
        build_clinical(spark, lake, statements)
    built = [TABLE, *(f"clinical.{table}" for table in tables)]
    with outcome.timed("read_back"), transaction(conn):
        read_back(conn, lake, [table for table in built if table not in LAKE_ONLY])
    outcome.rows = {table: spark.table(table).count() for table in built}
    return outcome
