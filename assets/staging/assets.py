"""Staging stage: typed, normalised tables per stream, each guarded by a blocking GX suite."""

from collections.abc import Iterator

import dagster as dg
import duckdb
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.ingest.streams import STREAM_SPECS, StreamSpec
from assets.staging.incremental import APPEND_ONLY_STREAMS, stage_new_files
from pipelines.partitions import AS_OF_PARTITIONS
from pipelines.quality import suite_columns, validate_chunks
from pipelines.resources import DUCKDB_POOL, warehouse
from pipelines.sql import count_rows, render_sql, run_sql, transaction
from pipelines.vocabulary import load_vocabulary

GROUP = "staging"
# About half a million rows per pandas frame keeps GX's memory bounded on large loads.
VALIDATION_VECTORS_PER_CHUNK = 256
# Rows sorted at a time for validation: well inside DuckDB's memory limit.
VALIDATION_ROWS_PER_SORT = 2_000_000
# Besides its own raw table: symptoms also reads exercise notes (the free-text matcher).
EXTRA_DEPS = {"symptoms": ("raw_exercise",)}
DESCRIPTIONS = {
    "patients": "One row per patient with the latest demographics and BMI.",
    "medications": "Medication records with statin ingredient, daily dose and exposure end.",
    "exercise": "Exercise sessions on the patient's local clock with their end time.",
    "symptoms": "Symptom reports folded onto the contract's symptom vocabulary.",
    "labs": "Lab results with CK recognised and converted to U/L.",
}


def staged_table(spec: StreamSpec) -> str:
    return f"staging.{spec.name}"


def build_staging_asset(spec: StreamSpec) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"stg_{spec.name}",
        description=DESCRIPTIONS[spec.name],
        group_name=GROUP,
        kinds={"duckdb", "sql", "great_expectations"},
        deps=[f"raw_{spec.name}", "raw_external", *EXTRA_DEPS.get(spec.name, ())],
        pool=DUCKDB_POOL,
        partitions_def=AS_OF_PARTITIONS,
        code_version="1",
        owners=["team:data-engineering"],
    )
    def stage_stream(duckdb: DuckDBResource) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            load_vocabulary(conn)
            if spec.name in APPEND_ONLY_STREAMS:
                with transaction(conn):
                    stage_new_files(conn, spec.name, staged_table(spec))
            else:
                run_sql(conn, f"staging/stg_{spec.name}")
            rows = count_rows(conn, staged_table(spec))
        return dg.MaterializeResult(metadata={"dagster/row_count": int(rows)})

    return stage_stream


def build_suite_check(spec: StreamSpec) -> dg.AssetChecksDefinition:
    suite = f"stg_{spec.name}"

    @dg.asset_check(
        asset=suite,
        name="gx_suite",
        description=f"Great Expectations suite expectations/{suite}.json on newly staged rows; "
        "a critical failure stops the clinical assets.",
        blocking=True,
        pool=DUCKDB_POOL,
    )
    def suite_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            outcome = validate_chunks(suite, _unvalidated_frames(conn, spec, suite))
            passed = not outcome.critical_failures
            if passed:
                run_sql(conn, "staging/mark_validated", {"stream": spec.name})
                run_sql(conn, "staging/mark_files_validated")
        metadata = {
            "rows_validated": outcome.rows,
            "expectations": outcome.evaluated,
            "failed_expectations": len(outcome.failures),
        }
        if outcome.failures:
            metadata["failures"] = dg.MetadataValue.md(outcome.summary(staged_table(spec)))
        return dg.AssetCheckResult(
            passed=passed and not outcome.failures,
            severity=dg.AssetCheckSeverity.ERROR if not passed else dg.AssetCheckSeverity.WARN,
            description=outcome.summary(staged_table(spec)) or None,
            metadata=metadata,
        )

    return suite_check


def _unvalidated_frames(
    conn: duckdb.DuckDBPyConnection, spec: StreamSpec, suite: str
) -> Iterator[pd.DataFrame]:
    """The stream's rows not yet validated, in file and line order, as bounded frames."""
    ranges = run_sql(
        conn,
        "staging/unvalidated_file_ranges",
        {"stream": spec.name, "rows_per_range": VALIDATION_ROWS_PER_SORT},
    ).fetchall()
    query = render_sql("staging/unvalidated_rows", staged_table=staged_table(spec))
    columns = suite_columns(suite)
    for low, high in ranges:
        params = {"stream": spec.name, "columns": columns, "low": low, "high": high}
        cursor = conn.execute(query, params)
        while not (frame := cursor.fetch_df_chunk(VALIDATION_VECTORS_PER_CHUNK)).empty:
            yield frame


STAGING_ASSETS = [build_staging_asset(spec) for spec in STREAM_SPECS.values()]
STAGING_CHECKS = [build_suite_check(spec) for spec in STREAM_SPECS.values()]
