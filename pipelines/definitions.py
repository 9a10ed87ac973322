"""The statinwatch code location: every asset and check under assets/, the daily job, its
schedule and sensors, and the resources."""

from pathlib import Path

import dagster as dg

import assets
from assets.clinical.clinical_on_spark import build_clinical_on_spark
from assets.clinical.clinical_tables import CLINICAL_SPECS
from assets.review.flagged_cohort import (
    FLAGGED_COHORT,
    build_flagged_cohort_on_spark,
    flagged_cohort,
)
from assets.staging.staged_streams import (
    STAGED_STREAMS,
    SUITE_CHECKS,
    build_staging_on_spark,
    build_suites_on_spark,
)
from pipelines.jobs import daily_job
from pipelines.schedules import daily_schedule
from pipelines.sensors import landing_sensor, run_failure_recorder
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.resources import build_resources, engine


def engine_assets(engine_name: str) -> list[dg.AssetsDefinition]:
    """Every asset of assets/; on Spark, one step stages every stream, one builds the clinical
    tables and one judges the flagged cohort, instead of one DuckDB step each."""
    loaded = dg.load_assets_from_package_module(assets)
    if engine_name == "duckdb":
        return loaded
    staging = build_staging_on_spark([spec for a in STAGED_STREAMS for spec in a.specs])
    clinical = [
        a
        for a in loaded
        if a.group_names_by_key and set(a.group_names_by_key.values()) == {"clinical"}
    ]
    on_spark = build_clinical_on_spark(
        [spec for a in clinical for spec in a.specs], [spec.name for spec in CLINICAL_SPECS]
    )
    review = build_flagged_cohort_on_spark(flagged_cohort.specs_by_key[FLAGGED_COHORT])
    replaced = {FLAGGED_COHORT, *(key for a in STAGED_STREAMS for key in a.keys)}
    kept = [a for a in loaded if a not in clinical and not set(a.keys) & replaced]
    return [*kept, staging, on_spark, review]


def engine_checks(engine_name: str) -> list[dg.AssetChecksDefinition]:
    """Every check of assets/; on Spark, the staged streams' suites run in one Spark step."""
    loaded = dg.load_asset_checks_from_package_module(assets)
    if engine_name == "duckdb":
        return loaded
    on_spark = build_suites_on_spark(list(STREAM_SPECS.values()))
    suites = {key for c in SUITE_CHECKS for key in c.check_keys}
    return [*(c for c in loaded if not set(c.check_keys) & suites), on_spark]


def build_definitions(home: Path | None = None, engine_name: str | None = None) -> dg.Definitions:
    """The one set of definitions the UI, the daemon and `statinwatch run` all execute; the
    staged suites and the clinical stage on DuckDB or on Spark ($STATINWATCH_ENGINE,
    `--engine`)."""
    chosen = engine(engine_name)
    return dg.Definitions(
        assets=engine_assets(chosen),
        asset_checks=engine_checks(chosen),
        jobs=[daily_job],
        schedules=[daily_schedule],
        sensors=[landing_sensor, run_failure_recorder],
        resources=build_resources(home, chosen),
    )


defs = build_definitions()
