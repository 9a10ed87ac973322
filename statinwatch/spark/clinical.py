"""The clinical stage on Spark: the same sql/clinical/ statements, translated, over the staged
tables the staging steps wrote to the lake. Spark builds every table whole each run; the DuckDB
path's incremental bookkeeping (sessions judged once, forgotten when touched) is a saving of
one machine that a cluster does not need to reach the same rows."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from statinwatch.clinical.exercise_judgement import CREATE_TABLE, TABLE
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.spark.lake import (
    create_schema,
    drop_table,
    publish,
    read_back,
    register,
    table_folder,
)
from statinwatch.spark.translate import to_spark, to_spark_tree
from statinwatch.sql import count_rows, load_sql, transaction

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import DataFrame, SparkSession

# Exercise sessions judged from the first file on: a new, empty table has nothing to forget.
EXERCISE_STEPS = (CREATE_TABLE, "clinical/exercise_sessions_touched", "clinical/exercise_sessions")
ALL_FILES = -1
# The schemas DuckDB builds before the clinical stage; what the statements read of them goes
# to the lake.
UPSTREAM_SCHEMAS = ("staging", "vocab")
# Tables the staging steps already wrote to the lake (statinwatch/spark/lake.py::publish_by_file).
IN_THE_LAKE = frozenset(spec.staged_table for spec in STREAM_SPECS.values())


def _is_temporary(create: exp.Create) -> bool:
    properties = create.args.get("properties")
    return bool(properties) and any(
        isinstance(p, exp.TemporaryProperty) for p in properties.expressions
    )


def _no_rows(schema: exp.Schema) -> exp.Select:
    """`create table t (c type, ...)` as a query: the typed columns, no rows."""
    columns = [
        exp.cast(exp.null(), column.args["kind"]).as_(column.name) for column in schema.expressions
    ]
    return exp.select(*columns).where(exp.false())


def save(rows: DataFrame, lake: Path, table: str) -> None:
    """A table as a Parquet folder of the lake, replacing what it held."""
    folder = str(table_folder(lake, table))
    rows.write.mode("overwrite").format("parquet").option("path", folder).saveAsTable(table)


def run_statement(spark: SparkSession, lake: Path, tree: exp.Expression) -> None:
    """One translated statement. A table is written to its folder of the lake (Spark's file
    tables cannot be replaced in place); a temp table is a checkpointed view."""
    if not (isinstance(tree, exp.Create) and tree.kind == "TABLE"):
        spark.sql(to_spark(tree))
        return
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    name = f"{target.db}.{target.name}" if target.db else target.name
    if tree.args.get("exists") and spark.catalog.tableExists(name):
        return
    rows = spark.sql(to_spark(tree.expression or _no_rows(tree.this)))
    if _is_temporary(tree):
        rows.localCheckpoint().createOrReplaceTempView(name)
    else:
        save(rows, lake, name)


def statement_files(tables: Sequence[str]) -> list[str]:
    """The sql/ files of the clinical stage on Spark, in the order they run."""
    return [*EXERCISE_STEPS, *(f"clinical/{table}" for table in tables)]


def clinical_statements(tables: Sequence[str], params: dict[str, object]) -> list[exp.Expression]:
    """The translated statements of the clinical stage on Spark, in the order they run."""
    bound = {**params, "last_file_id": ALL_FILES}
    return [
        tree for name in statement_files(tables) for tree in to_spark_tree(load_sql(name), bound)
    ]


def upstream_tables(statements: list[exp.Expression]) -> list[str]:
    """The staging and vocabulary tables the statements read."""
    read = {
        f"{table.db}.{table.name}"
        for tree in statements
        for table in tree.find_all(exp.Table)
        if table.db in UPSTREAM_SCHEMAS
    }
    return sorted(read)


def build_clinical(spark: SparkSession, lake: Path, statements: list[exp.Expression]) -> None:
    """clinical.exercise_sessions, then the other clinical tables, on Spark."""
    create_schema(spark, "clinical")
    drop_table(spark, exp.to_table(TABLE))
    for tree in statements:
        run_statement(spark, lake, tree)


@dataclass
class StageOutcome:
    """What the Spark step built (rows per table) and where its time went (seconds)."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, part: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[part] = round(time.perf_counter() - started, 2)


def build_clinical_stage(
    conn: duckdb.DuckDBPyConnection,
    spark: SparkSession,
    lake: Path,
    tables: Sequence[str],
    params: dict[str, object],
) -> StageOutcome:
    """Publish what the clinical SQL reads that staging did not write to the lake (code lists,
    the exercise changes), build the clinical tables on Spark, read them back into the
    warehouse in one transaction (the review stage reads them there)."""
    outcome = StageOutcome()
    statements = clinical_statements(tables, params)
    upstream = upstream_tables(statements)
    with outcome.timed("publish"):
        publish(conn, lake, [table for table in upstream if table not in IN_THE_LAKE])
        register(spark, lake, upstream)
    with outcome.timed("spark"):
        build_clinical(spark, lake, statements)
    built = [TABLE, *(f"clinical.{table}" for table in tables)]
    with outcome.timed("read_back"), transaction(conn):
        read_back(conn, lake, built)
    outcome.rows = {table: count_rows(conn, table) for table in built}
    return outcome
