"""The review stage's judgement on Spark: the flagged cohort of the as-of date and its attrition
funnel, by the sql/review/ statements the DuckDB step runs (statinwatch/cohort_history.py),
translated, over the clinical tables in the lake. The review's state (the cohort history, the
review log, the evidence each review saw) stays in the warehouse, where clinicians add to it
(`statinwatch review`): it is published to the lake for the run, and the date's snapshot and
funnel come back into it in one transaction, as the DuckDB step writes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from statinwatch.cohort_history import JUDGEMENT, REPLACE_SNAPSHOT
from statinwatch.spark.lake import publish, read_back_as_of, register
from statinwatch.spark.statements import StageOutcome, run_statement, upstream_tables
from statinwatch.spark.translate import to_spark_tree
from statinwatch.sql import load_sql, run_sql, transaction

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import SparkSession


def review_statements(params: dict[str, object]) -> list[exp.Expression]:
    """The translated statements that replace the date's snapshot and funnel, in order."""
    return [tree for name in REPLACE_SNAPSHOT for tree in to_spark_tree(load_sql(name), params)]


def build_review_stage(
    conn: duckdb.DuckDBPyConnection,
    spark: SparkSession,
    lake: Path,
    params: dict[str, object],
) -> StageOutcome:
    """Publish the review's state, judge the date's snapshot and funnel on Spark, and replace
    the warehouse's rows of that date with them."""
    outcome = StageOutcome()
    statements = review_statements(params)
    upstream = upstream_tables(statements, ("clinical", "review"))
    with outcome.timed("publish"):
        publish(conn, lake, [table for table in upstream if table.startswith("review.")])
        register(spark, lake, upstream)
    with outcome.timed("spark"):
        for tree in statements:
            run_statement(spark, lake, tree)
    with outcome.timed("read_back"), transaction(conn):
        for table, (clear, _) in JUDGEMENT.items():
            run_sql(conn, clear, params)
            read_back_as_of(conn, lake, table, params["as_of"])
    return outcome
