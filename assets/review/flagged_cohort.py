"""review.flagged_cohort: the flagged cohort of the as-of date with its attrition, kept as
history, and the SQL invariants checked before any report is published."""

from dataclasses import dataclass

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.cohort_history import snapshot_cohort, snapshot_metadata
from statinwatch.partitions import check_parameters, daily_asset, step_parameters
from statinwatch.paths import lake_dir
from statinwatch.resources import DUCKDB_POOL, warehouse
from statinwatch.spark.steps import SPARK_STEP_ARGUMENTS, spark_specs, step_metadata
from statinwatch.sql import run_sql

FLAGGED_COHORT = dg.AssetKey(["review", "flagged_cohort"])


@daily_asset(
    "review",
    key=FLAGGED_COHORT,
    kinds={"duckdb", "sql"},
    deps=[dg.AssetKey(["clinical", "patient_evaluation"]), dg.AssetKey(["review", "review_log"])],
    code_version="1",
)
def flagged_cohort(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The flagged cohort of the as-of date, with attrition, kept as history for status."""
    params = step_parameters(context)
    with warehouse(duckdb) as conn:
        snapshot_cohort(conn, params)
        return dg.MaterializeResult(metadata=snapshot_metadata(conn, params))


def build_flagged_cohort_on_spark(duckdb_spec: dg.AssetSpec) -> dg.AssetsDefinition:
    """The Spark step standing for `flagged_cohort`: the same statements over the clinical
    tables in the lake, the date's snapshot and funnel kept in the warehouse's history."""

    @dg.multi_asset(
        name="flagged_cohort_on_spark",
        specs=spark_specs([duckdb_spec], {"spark", "sql"}),
        **SPARK_STEP_ARGUMENTS,
    )
    def flagged_cohort_on_spark(context: dg.AssetExecutionContext):
        """The flagged cohort of the as-of date, with attrition, judged on Spark."""
        from statinwatch.spark.review import build_review_stage

        resources = context.resources
        params = step_parameters(context)
        with warehouse(resources.duckdb) as conn:
            outcome = build_review_stage(
                conn, resources.pyspark.spark_session, lake_dir(resources.home.root), params
            )
            metadata = snapshot_metadata(conn, params)
        yield dg.MaterializeResult(
            asset_key=FLAGGED_COHORT, metadata={**metadata, **step_metadata(outcome.seconds)}
        )

    return flagged_cohort_on_spark


@dataclass(frozen=True)
class Invariant:
    name: str
    sql: str
    description: str


INVARIANTS = (
    Invariant(
        "every_flagged_patient_has_a_statin_era",
        "checks/flagged_without_statin_era",
        "Every flagged patient has a statin era current or ended within 90 days (CONTRACT §5).",
    ),
    Invariant(
        "priorities_and_reasons_follow_the_contract",
        "checks/priority_outside_contract",
        "Every priority is urgent/high/medium/low, with STATIN_EXPOSED and an explanation.",
    ),
    Invariant(
        "attrition_never_increases",
        "checks/attrition_increases",
        "Each attrition step keeps at most the patients of the step before it.",
    ),
)


def build_invariant_check(invariant: Invariant) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=FLAGGED_COHORT,
        name=invariant.name,
        description=invariant.description,
        blocking=True,
        pool=DUCKDB_POOL,
    )
    def invariant_check(
        context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
    ) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            params = check_parameters(context, conn)
            (violations,) = run_sql(conn, invariant.sql, params).fetchone()
        return dg.AssetCheckResult(
            passed=violations == 0,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"violations": int(violations), "as_of": str(params["as_of"])},
            description=None if violations == 0 else f"{violations} row(s) break the rule",
        )

    return invariant_check


COHORT_CHECKS = [build_invariant_check(invariant) for invariant in INVARIANTS]
