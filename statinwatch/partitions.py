"""The as-of date: every asset is partitioned by the day the cohort is judged on, and this is
the one way a step learns it (assets and checks alike read the run's partition)."""

from datetime import date

import dagster as dg

from statinwatch.rules import rule_parameters

AS_OF_START = "2015-01-01"
# end_offset=1 makes today a valid partition, so `statinwatch run` defaults to today (UTC).
AS_OF_PARTITIONS = dg.DailyPartitionsDefinition(start_date=AS_OF_START, end_offset=1)

StepContext = dg.AssetExecutionContext | dg.AssetCheckExecutionContext


def as_of_date(context: StepContext) -> date:
    """The as-of date of the run a step belongs to: its daily partition."""
    if not context.has_partition_key:
        raise ValueError("statinwatch steps run for an as-of date: launch them for a partition")
    return date.fromisoformat(context.partition_key)


def step_parameters(context: StepContext) -> dict[str, object]:
    """Rule thresholds plus the as-of date: the parameters every SQL file may use."""
    return {**rule_parameters(), "as_of": as_of_date(context)}
