"""staging.<stream>: typed, normalised tables per stream, each guarded by a blocking Great
Expectations suite (expectations/) that stops the clinical stage on a critical failure."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.ingest.streams import STREAM_SPECS, StreamSpec
from statinwatch.partitions import daily_asset
from statinwatch.resources import DUCKDB_POOL, warehouse
from statinwatch.sql import count_rows
from statinwatch.staging.quality import validate_staged_rows
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


def build_staged_stream(spec: StreamSpec) -> dg.AssetsDefinition:
    @daily_asset(
        "staging",
        key=["staging", spec.name],
        description=DESCRIPTIONS[spec.name],
        kinds={"duckdb", "sql", "great_expectations"},
        deps=[
            dg.AssetKey(["raw", spec.name]),
            dg.AssetKey(["raw", "external"]),
            *EXTRA_DEPS.get(spec.name, ()),
        ],
        code_version="1",
    )
    def staged_stream(duckdb: DuckDBResource) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            stage(conn, spec)
            rows = count_rows(conn, spec.staged_table)
        return dg.MaterializeResult(metadata={"dagster/row_count": int(rows)})

    return staged_stream


def build_suite_check(spec: StreamSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["staging", spec.name]),
        name="gx_suite",
        description=f"Great Expectations suite expectations/staging/{spec.name}.json on newly "
        "staged rows; a critical failure stops the clinical assets.",
        blocking=True,
        pool=DUCKDB_POOL,
    )
    def suite_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            outcome = validate_staged_rows(conn, spec)
        passed = not outcome.critical_failures
        metadata = {
            "rows_validated": outcome.rows,
            "expectations": outcome.evaluated,
            "failed_expectations": len(outcome.failures),
        }
        if outcome.failures:
            metadata["failures"] = dg.MetadataValue.md(outcome.summary(spec.staged_table))
        return dg.AssetCheckResult(
            passed=passed and not outcome.failures,
            severity=dg.AssetCheckSeverity.ERROR if not passed else dg.AssetCheckSeverity.WARN,
            description=outcome.summary(spec.staged_table) or None,
            metadata=metadata,
        )

    return suite_check


STAGED_STREAMS = [build_staged_stream(spec) for spec in STREAM_SPECS.values()]
SUITE_CHECKS = [build_suite_check(spec) for spec in STREAM_SPECS.values()]
