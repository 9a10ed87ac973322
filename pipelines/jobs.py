"""The daily job: every asset and check for one as-of date, one step at a time."""

import dagster as dg

DAILY_JOB_NAME = "statinwatch_daily"

# One DuckDB writer at a time even if the pool limit were forgotten (stack.md §1.8).
daily_job = dg.define_asset_job(
    name=DAILY_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Ingest new landing files and judge the cohort for one as-of date.",
    executor_def=dg.multiprocess_executor.configured({"max_concurrent": 1}),
    tags={"statinwatch/job": "daily"},
)
