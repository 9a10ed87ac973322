"""Read what the report's cards show, one query per kind of evidence for the whole cohort."""

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from statinwatch.report.charts import PANELS, Timeline
from statinwatch.sql import run_sql

# The timeline shows the 120 days up to the as-of date: the 90-day exposure look-back plus the
# 30-day symptom window, the spans the rules judge.
TIMELINE_DAYS = 120
# Charts are drawn for the first cards only (cohort order: awaiting review, most urgent
# first): a chart is drawn in ~3 ms but adds ~8 KB, so 200 keep report.html near the size of
# its cards however large the cohort. Later cards say why they have none.
TIMELINE_CHART_LIMIT = 200
TREND_RUNS = 14


@dataclass(frozen=True)
class ReportEvidence:
    window: tuple[date, date]
    facts: dict[str, dict]
    timelines: dict[str, Timeline]
    trends: dict[str, list[tuple[date, str | None]]]
    changes: pd.DataFrame


def chart_window(as_of: date) -> tuple[date, date]:
    """[first day, day after the as-of date): TIMELINE_DAYS days ending with the as-of date."""
    return as_of - timedelta(days=TIMELINE_DAYS - 1), as_of + timedelta(days=1)


def _by_patient(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """Each patient's rows as records, converted in one pass over the whole frame."""
    grouped: dict[str, list[dict]] = {}
    for record in frame.to_dict(orient="records"):
        grouped.setdefault(str(record["patient_id"]), []).append(record)
    return grouped


def _timelines(
    conn: duckdb.DuckDBPyConnection,
    sessions: duckdb.DuckDBPyConnection,
    as_of: date,
    cohort: pd.DataFrame,
    start: date,
) -> dict[str, Timeline]:
    charted = cohort.head(TIMELINE_CHART_LIMIT)
    params = {"as_of": as_of, "window_start": start, "patient_ids": charted["patient_id"].tolist()}
    read_from = {"exercise": sessions}
    grouped = {
        panel: _by_patient(
            run_sql(read_from.get(panel, conn), f"review/timeline_{panel}", params).df()
        )
        for panel in PANELS
    }
    return {
        row.patient_id: Timeline(
            **{panel: grouped[panel].get(row.patient_id, []) for panel in PANELS},
            reviewed_on=row.reviewed_at.date() if pd.notna(row.reviewed_at) else None,
        )
        for row in charted.itertuples()
    }


def _trends(conn: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, list]:
    """Each patient's priority (None: not flagged) on the last TREND_RUNS runs, oldest first."""
    rows = run_sql(conn, "review/priority_trend", {"as_of": as_of, "trend_runs": TREND_RUNS})
    trends: dict[str, list] = {}
    for patient_id, day, priority in rows.fetchall():
        trends.setdefault(patient_id, []).append((day, priority))
    return trends


def gather_evidence(
    conn: duckdb.DuckDBPyConnection,
    as_of: date,
    cohort: pd.DataFrame,
    sessions: duckdb.DuckDBPyConnection,
) -> ReportEvidence:
    """The report's evidence from the warehouse, the exercise sessions from `sessions` (the
    warehouse too, but the lake on Spark: HomeResource.exercise_sessions)."""
    start, end = chart_window(as_of)
    facts = run_sql(conn, "review/report_key_evidence", {"as_of": as_of}).df()
    return ReportEvidence(
        window=(start, end),
        facts={str(r["patient_id"]): r for r in facts.to_dict(orient="records")},
        timelines=_timelines(conn, sessions, as_of, cohort, start),
        trends=_trends(conn, as_of),
        changes=run_sql(conn, "review/changes_since_previous_run", {"as_of": as_of}).df(),
    )
