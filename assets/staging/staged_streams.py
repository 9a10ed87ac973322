"""staging.<stream>: typed, normalised tables per stream, each guarded by a blocking Great
Expectations suite (expectations/) that stops the clinical stage on a critical failure. On the
Spark engine (`--engine spark`) one Spark step stages the five streams from the lake and
another runs the five suites, so each starts its session once."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.ingest.streams import STREAM_SPECS, StreamSpec
from statinwatch.partitions import daily_asset
from statinwatch.paths import lake_dir
from statinwatch.resources import DUCKDB_POOL, warehouse
from statinwatch.spark.steps import SPARK_STEP_ARGUMENTS, spark_specs, step_metadata
from statinwatch.sql import count_rows
from statinwatch.staging.quality import SuiteOutcome, validate_staged_rows
from statinwatch.staging.staged_tables import stage

DESCRIPTIONS = {
    "patients": "One row per patient with the latest demographics and BMI.",
    "medications": "Medication records with statin ingredient, daily dose and exposure end.",
    "exercise": "Exercise sessions on the patient's local clock with their end time.",
    "symptoms": "Symptom reports folded onto the contract's symptom vocabulary.",
    "labs": "Lab results with CK recognised and converted to U/L.",
}
# Besides its own raw table: symptoms also reads exercise notes (the free-text matcher).
EXTRA_DEPS = {"symptoms": (dg.AssetKey(["raw", "exercise"]),)}
SUITE_CHECK = "gx_suite"


def _staged_deps(spec: StreamSpec) -> list[dg.AssetKey]:
    return [
        dg.AssetKey(["raw", spec.name]),
        dg.AssetKey(["raw", "external"]),
        *EXTRA_DEPS.get(spec.name, ()),
    ]


def build_staged_stream(spec: StreamSpec) -> dg.AssetsDefinition:
    """The stream's staged table, staged by DuckDB."""

    @daily_asset(
        "staging",
        key=["staging", spec.name],
        description=DESCRIPTIONS[spec.name],
        kinds={"duckdb", "sql", "great_expectations"},
        deps=_staged_deps(spec),
        code_version="1",
    )
    def staged_stream(duckdb: DuckDBResource) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            stage(conn, spec)
            rows = count_rows(conn, spec.staged_table)
        return dg.MaterializeResult(metadata={"dagster/row_count": int(rows)})

    return staged_stream


def build_staging_on_spark(duckdb_specs: list[dg.AssetSpec]) -> dg.AssetsDefinition:
    """The Spark step standing for the DuckDB staging assets of `duckdb_specs`: every staged
    table, built from the raw tables of the lake (each landing file written there once), as
    Parquet in the lake."""

    @dg.multi_asset(
        name="staging_on_spark",
        specs=spark_specs(duckdb_specs, {"spark", "sql", "parquet"}),
        **SPARK_STEP_ARGUMENTS,
    )
    def staging_on_spark(context: dg.AssetExecutionContext):
        """Every staged table, built on Spark from the lake."""
        from statinwatch.spark.staging import build_staging_stage

        resources = context.resources
        lake = lake_dir(resources.home.root)
        with warehouse(resources.duckdb) as conn:
            outcome = build_staging_stage(conn, resources.pyspark.spark_session, lake)
        for spec in duckdb_specs:
            yield dg.MaterializeResult(
                asset_key=spec.key,
                metadata={
                    "dagster/row_count": outcome.rows[".".join(spec.key.path)],
                    "landing_files_added_to_lake": outcome.files_added,
                    **step_metadata(outcome.seconds),
                },
            )

    return staging_on_spark


def suite_description(spec: StreamSpec) -> str:
    return (
        f"Great Expectations suite expectations/staging/{spec.name}.json on newly "
        "staged rows; a critical failure stops the clinical assets."
    )


def suite_check_result(spec: StreamSpec, outcome: SuiteOutcome) -> dg.AssetCheckResult:
    """A suite's outcome as the check's result: an error on a critical failure, a warning on
    any other, with the failures named by file and line."""
    passed = not outcome.critical_failures
    metadata = {
        "rows_validated": outcome.rows,
        "expectations": outcome.evaluated,
        "failed_expectations": len(outcome.failures),
    }
    if outcome.failures:
        metadata["failures"] = dg.MetadataValue.md(outcome.summary(spec.staged_table))
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(["staging", spec.name]),
        check_name=SUITE_CHECK,
        passed=passed and not outcome.failures,
        severity=dg.AssetCheckSeverity.ERROR if not passed else dg.AssetCheckSeverity.WARN,
        description=outcome.summary(spec.staged_table) or None,
        metadata=metadata,
    )


def build_suite_check(spec: StreamSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["staging", spec.name]),
        name=SUITE_CHECK,
        description=suite_description(spec),
        blocking=True,
        pool=DUCKDB_POOL,
    )
    def suite_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            outcome = validate_staged_rows(conn, spec)
        return suite_check_result(spec, outcome)

    return suite_check


def build_suites_on_spark(specs: list[StreamSpec]) -> dg.AssetChecksDefinition:
    """One blocking `gx_suite` check per staged stream, all run in one Spark step."""

    @dg.multi_asset_check(
        name="staging_suites_on_spark",
        specs=[
            dg.AssetCheckSpec(
                name=SUITE_CHECK,
                asset=dg.AssetKey(["staging", spec.name]),
                description=suite_description(spec),
                blocking=True,
            )
            for spec in specs
        ],
        pool=DUCKDB_POOL,
        # By key, not by annotation: only the Spark engine's steps import pyspark.
        required_resource_keys={"pyspark", "duckdb", "home"},
    )
    def staging_suites_on_spark(context: dg.AssetCheckExecutionContext):
        """The staged rows of new files, validated on Spark DataFrames."""
        from statinwatch.spark.quality import validate_staged_rows_on_spark

        resources = context.resources
        # The session first: GX must see pyspark loaded when it is imported.
        spark = resources.pyspark.spark_session
        lake = lake_dir(resources.home.root)
        with warehouse(resources.duckdb) as conn:
            for spec in specs:
                outcome = validate_staged_rows_on_spark(conn, spark, lake, spec)
                yield suite_check_result(spec, outcome)

    return staging_suites_on_spark


STAGED_STREAMS = [build_staged_stream(spec) for spec in STREAM_SPECS.values()]
SUITE_CHECKS = [build_suite_check(spec) for spec in STREAM_SPECS.values()]
