"""review.flagged_cohort: the flagged cohort of the as-of date with its attrition, kept as
history, and the SQL invariants checked before any report is published."""

from dataclasses import dataclass

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.cohort_history import snapshot_cohort
from statinwatch.metadata import markdown_table
from statinwatch.partitions import check_parameters, daily_asset, step_parameters
from statinwatch.report.outputs import PRIORITIES, STATUSES
from statinwatch.resources import DUCKDB_POOL, warehouse
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
        counts, attrition = snapshot_cohort(conn, params)
    by_priority = counts.groupby("priority")["patients"].sum()
    by_status = counts.groupby("status")["patients"].sum()
    return dg.MaterializeResult(
        metadata={
            "flagged": int(counts["patients"].sum()),
            **{f"flagged_{p}": int(by_priority.get(p, 0)) for p in PRIORITIES},
            **{f"status_{s}": int(by_status.get(s, 0)) for s in STATUSES},
            "new_evidence_since_review": int(counts["with_new_evidence"].sum()),
            "attrition": dg.MetadataValue.md(
                markdown_table(attrition.to_dict(orient="records"), ("step", "patients"))
            ),
            "rules_version": str(params["rules_version"]),
        }
    )


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
