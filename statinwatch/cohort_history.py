"""The flagged cohort of an as-of date, kept as history: the snapshot (history and reviews
decide each patient's status), the attrition funnel, and counts an operator can read."""

import dagster as dg
import duckdb

from statinwatch.metadata import markdown_table
from statinwatch.report.outputs import PRIORITIES, STATUSES
from statinwatch.sql import run_sql, transaction

# Each table of the date's judgement, with the statement that clears the date and the one
# that fills it: a re-run of a date replaces that date's rows, never another date's.
JUDGEMENT = {
    "review.flagged_cohort": ("review/delete_snapshot", "review/insert_snapshot"),
    "review.attrition": ("review/delete_attrition", "review/insert_attrition"),
}
REPLACE_SNAPSHOT = tuple(statement for pair in JUDGEMENT.values() for statement in pair)


def snapshot_cohort(conn: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Replace the date's snapshot and funnel in one transaction."""
    with transaction(conn):
        for statement in REPLACE_SNAPSHOT:
            run_sql(conn, statement, params)


def snapshot_metadata(conn: duckdb.DuckDBPyConnection, params: dict) -> dict[str, object]:
    """What the UI shows of the date's snapshot: patients by priority and status, and the
    funnel (counts only, no patient)."""
    counts = run_sql(conn, "review/status_counts", params).df()
    attrition = run_sql(conn, "review/attrition_for_report", params).df()
    by_priority = counts.groupby("priority")["patients"].sum()
    by_status = counts.groupby("status")["patients"].sum()
    return {
        "flagged": int(counts["patients"].sum()),
        **{f"flagged_{p}": int(by_priority.get(p, 0)) for p in PRIORITIES},
        **{f"status_{s}": int(by_status.get(s, 0)) for s in STATUSES},
        "new_evidence_since_review": int(counts["with_new_evidence"].sum()),
        "attrition": dg.MetadataValue.md(
            markdown_table(attrition.to_dict(orient="records"), ("step", "patients"))
        ),
        "rules_version": str(params["rules_version"]),
    }
