"""The staged tables' Great Expectations suites on Spark DataFrames (GX's Spark execution
engine): the same suites from expectations/, over the staged rows of the files no run
validated yet, with the same outcome and bookkeeping as on pandas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from statinwatch.ingest.streams import StreamSpec
from statinwatch.spark.lake import table_folder
from statinwatch.sql import run_sql
from statinwatch.staging.quality import (
    LOCATING_COLUMNS,
    ExpectationFailure,
    Place,
    SuiteOutcome,
    add_failures,
    build_validation,
    described_failures,
    file_path_lookup,
    import_great_expectations,
    record_outcome,
    suite_columns,
)

if TYPE_CHECKING:  # pyspark is imported by the Spark steps alone
    from pyspark.sql import DataFrame, SparkSession

# On Spark a failing row is found by its locating columns, not by a position in a frame.
RESULT_FORMAT = {
    "result_format": "SUMMARY",
    "unexpected_index_column_names": list(LOCATING_COLUMNS),
}


def _gx_sees_spark() -> None:
    """GX decides at its import whether pyspark exists; a process that imported it without
    (statinwatch/staging/quality.py) cannot validate Spark DataFrames."""
    import_great_expectations()
    from great_expectations.compatibility import pyspark as gx_pyspark

    if gx_pyspark.DataFrame is gx_pyspark.SPARK_NOT_IMPORTED:
        raise RuntimeError(
            "Great Expectations was imported in this process before pyspark was, so it cannot "
            "validate Spark DataFrames; load pyspark (start the SparkSession) first"
        )


def _located(indexes: list[dict]) -> list[Place]:
    return [(int(index["file_id"]), int(index["line"])) for index in indexes]


def validate_frame(
    suite_name: str, rows: DataFrame, file_path: Callable[[int], str] = str
) -> SuiteOutcome:
    """Validate one Spark DataFrame of staged rows against the suite."""
    _gx_sees_spark()
    validation = build_validation(suite_name, lambda c: c.data_sources.add_spark("staged"))
    result = validation.run(batch_parameters={"dataframe": rows}, result_format=RESULT_FORMAT)
    merged: dict[tuple, ExpectationFailure] = {}
    add_failures(merged, result, _located)
    return SuiteOutcome(
        suite=suite_name,
        # Every column expectation counts the rows it saw; no extra Spark job to count them.
        rows=max((int(r.result.get("element_count") or 0) for r in result.results), default=0),
        evaluated=result.statistics["evaluated_expectations"],
        failures=described_failures(merged, file_path),
    )


def _unvalidated_files(conn: duckdb.DuckDBPyConnection, spec: StreamSpec) -> list[int]:
    """The landing files whose rows of the stream no run has validated yet."""
    found = run_sql(conn, "staging/unvalidated_files", {"stream": spec.name}).fetchall()
    return [file_id for (file_id,) in found]


def validate_staged_rows_on_spark(
    conn: duckdb.DuckDBPyConnection, spark: SparkSession, lake: Path, spec: StreamSpec
) -> SuiteOutcome:
    """Run the staged table's suite on Spark over the rows no earlier run validated (only the
    columns it reads, only the partitions of those files); they count as validated unless a
    critical expectation failed, as on pandas."""
    suite = spec.staged_table
    files = _unvalidated_files(conn, spec)
    outcome = SuiteOutcome(suite=suite)
    if files:
        staged = spark.read.parquet(str(table_folder(lake, suite)))
        # Only the columns the suite reads, of the files not validated (Parquet statistics on
        # file_id skip the row groups of the rest).
        rows = staged.where(staged["file_id"].isin(files)).select(*suite_columns(suite))
        outcome = validate_frame(suite, rows, file_path_lookup(conn))
    record_outcome(conn, spec, outcome)
    return outcome
