"""The statinwatch code location: every asset and check under assets/, the daily job, its
schedule and sensors, and the resources."""

from pathlib import Path

import dagster as dg

import assets
from pipelines.jobs import daily_job
from pipelines.schedules import daily_schedule
from pipelines.sensors import landing_sensor, run_failure_recorder
from statinwatch.resources import build_resources


def build_definitions(home: Path | None = None) -> dg.Definitions:
    """The one set of definitions the UI, the daemon and `statinwatch run` all execute."""
    return dg.Definitions(
        assets=dg.load_assets_from_package_module(assets),
        asset_checks=dg.load_asset_checks_from_package_module(assets),
        jobs=[daily_job],
        schedules=[daily_schedule],
        sensors=[landing_sensor, run_failure_recorder],
        resources=build_resources(home),
    )


defs = build_definitions()
