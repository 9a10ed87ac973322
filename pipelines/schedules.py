"""Run the daily job every morning for today's as-of date."""

import dagster as dg

from pipelines.jobs import daily_job

DAILY_RUN_HOUR_UTC = 5

daily_schedule = dg.build_schedule_from_partitioned_job(
    daily_job,
    hour_of_day=DAILY_RUN_HOUR_UTC,
    name="statinwatch_daily_schedule",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
