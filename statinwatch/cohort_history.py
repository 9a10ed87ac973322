"""The flagged cohort of an as-of date, kept as history: the snapshot (history and reviews
decide each patient's status), the attrition funnel, and counts an operator can read."""

import duckdb
import pandas as pd

from statinwatch.sql import run_sql, transaction

# A re-run of a date replaces that date's snapshot and funnel, never another date's.
REPLACE_SNAPSHOT = (
    "review/delete_snapshot", "review/insert_snapshot",
    "review/delete_attrition", "review/insert_attrition",
)  # fmt: skip


def snapshot_cohort(
    conn: duckdb.DuckDBPyConnection, params: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Replace the date's snapshot and funnel in one transaction; return the patients by
    priority and status, and the funnel."""
    with transaction(conn):
        for statement in REPLACE_SNAPSHOT:
            run_sql(conn, statement, params)
    counts = run_sql(conn, "review/status_counts", params).df()
    attrition = run_sql(conn, "review/attrition_for_report", params).df()
    return counts, attrition
