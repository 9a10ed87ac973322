"""The statinwatch code location: assets by stage, their checks, resources and automation."""

from pathlib import Path

import dagster as dg

from assets.clinical.assets import CLINICAL_ASSETS
from assets.ingest.assets import INGEST_ASSETS
from assets.ingest.freshness import FRESHNESS_CHECKS
from assets.review.assets import REVIEW_ASSETS
from assets.review.checks import COHORT_CHECKS
from assets.staging.assets import STAGING_ASSETS, STAGING_CHECKS
from pipelines.jobs import daily_job
from pipelines.resources import build_resources
from pipelines.schedules import daily_schedule
from pipelines.sensors import landing_sensor, run_failure_recorder


def build_definitions(home: Path | None = None) -> dg.Definitions:
    """The one set of definitions the UI, the daemon and `statinwatch run` all execute."""
    return dg.Definitions(
        assets=[*INGEST_ASSETS, *STAGING_ASSETS, *CLINICAL_ASSETS, *REVIEW_ASSETS],
        asset_checks=[*FRESHNESS_CHECKS, *STAGING_CHECKS, *COHORT_CHECKS],
        jobs=[daily_job],
        schedules=[daily_schedule],
        sensors=[landing_sensor, run_failure_recorder],
        resources=build_resources(home),
    )


defs = build_definitions()
