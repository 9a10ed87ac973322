"""SQL invariants of the flagged cohort, checked before any report is published.

The checks examine the date of the current clinical evaluation — the partition the run
just judged — rather than a partitioned check, which Dagster 1.13 still marks as preview.
"""

from dataclasses import dataclass

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.resources import DUCKDB_POOL, warehouse
from pipelines.rules import rule_parameters
from pipelines.sql import run_sql

CHECKED_ASSET = "flagged_cohort"


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
        asset=CHECKED_ASSET,
        name=invariant.name,
        description=invariant.description,
        blocking=True,
        pool=DUCKDB_POOL,
    )
    def invariant_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            (as_of,) = run_sql(conn, "checks/evaluated_as_of").fetchone()
            params = {**rule_parameters(), "as_of": as_of}
            (violations,) = run_sql(conn, invariant.sql, params).fetchone()
        return dg.AssetCheckResult(
            passed=violations == 0,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"violations": int(violations), "as_of": str(as_of)},
            description=None if violations == 0 else f"{violations} row(s) break the rule",
        )

    return invariant_check


COHORT_CHECKS = [build_invariant_check(invariant) for invariant in INVARIANTS]
