"""The as-of date: every asset is partitioned by the day the cohort is judged on, and this
module is the one place a step learns it: from the run's partition, or, for a check launched
on its own, from the evaluation the warehouse holds."""

from datetime import date

import dagster as dg
import duckdb

from statinwatch.resources import DUCKDB_POOL
from statinwatch.rules import rule_parameters
from statinwatch.sql import run_sql

AS_OF_START = "2015-01-01"
# end_offset=1 makes today a valid partition, so `statinwatch run` defaults to today (UTC).
AS_OF_PARTITIONS = dg.DailyPartitionsDefinition(start_date=AS_OF_START, end_offset=1)

StepContext = dg.AssetExecutionContext | dg.AssetCheckExecutionContext
# Who answers for each stage's assets (the Dagster group of the same name).
STAGE_OWNERS = {
    "ingest": ["team:data-engineering"],
    "staging": ["team:data-engineering"],
    "clinical": ["team:clinical-informatics"],
    "review": ["team:clinical-informatics"],
}


def daily_asset(stage: str, **asset_arguments: object):
    """`dg.asset` for one stage of the daily job: partitioned by the as-of date, grouped and
    owned by its stage, queued for the single DuckDB writer slot."""
    return dg.asset(
        group_name=stage,
        owners=STAGE_OWNERS[stage],
        pool=DUCKDB_POOL,
        partitions_def=AS_OF_PARTITIONS,
        **asset_arguments,
    )


def as_of_date(context: StepContext) -> date:
    """The as-of date of the run a step belongs to: its daily partition."""
    if not context.has_partition_key:
        raise ValueError("statinwatch steps run for an as-of date: launch them for a partition")
    return date.fromisoformat(context.partition_key)


def step_parameters(context: StepContext) -> dict[str, object]:
    """Rule thresholds plus the as-of date: the parameters every SQL file may use."""
    return {**rule_parameters(), "as_of": as_of_date(context)}


def check_parameters(context: StepContext, conn: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The parameters of a check. In the daily run it has the run's partition; launched on its
    own from the UI it has none (Dagster 1.13 cannot run unpartitioned checks of a partitioned
    asset for a partition), and then it examines the clinical evaluation the warehouse holds."""
    if context.has_partition_key:
        return step_parameters(context)
    (evaluated,) = run_sql(conn, "checks/evaluated_as_of").fetchone()
    return {**rule_parameters(), "as_of": evaluated}
