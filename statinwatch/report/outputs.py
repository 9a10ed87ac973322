"""Write the review outputs of CONTRACT §5 for one as-of date, all or nothing.

Files are written into a hidden sibling folder and swapped into reports/<as-of>/ with a
rename, so a crash never leaves a half-written report where a clinician would open it.
"""

import json
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from statinwatch.durable import flush_file, flush_folder
from statinwatch.report.evidence import gather_evidence
from statinwatch.report.html import render_report
from statinwatch.sql import run_sql

PRIORITIES = ("urgent", "high", "medium", "low")
STATUSES = ("new", "ongoing", "reviewed")
COHORT_COLUMNS = (
    "patient_id", "priority", "reasons", "explanation", "statin", "daily_dose_mg",
    "first_flagged", "status", "risk_score", "rules_version", "decision", "reviewed_by",
    "reviewed_at", "review_note", "new_evidence",
)  # fmt: skip
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
WRITING_PREFIX = ".writing-"
RETIRED_PREFIX = ".retired-"


@dataclass(frozen=True)
class ReviewOutputs:
    folder: Path
    flagged: int
    by_priority: dict[str, int]
    new: int
    charts: int
    render_seconds: float


def _write_private(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(PRIVATE_FILE_MODE)


def remove_leftovers(reports_root: Path) -> None:
    """Delete the hidden folders a killed run left behind: they hold patient data that no
    clinician will ever open. Only one run writes reports at a time (home lock, DuckDB pool),
    so no other writer's folder can be among them."""
    for leftover in reports_root.iterdir():
        if leftover.is_dir() and leftover.name.startswith((WRITING_PREFIX, RETIRED_PREFIX)):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_into_place(staging: Path, final: Path) -> None:
    """Flush the new folder's files, then rename it into place and flush the names."""
    for written in staging.iterdir():
        flush_file(written)
    flush_folder(staging)
    retired = final.with_name(f"{RETIRED_PREFIX}{final.name}-{uuid.uuid4().hex[:8]}")
    if final.exists():
        final.rename(retired)
    staging.rename(final)
    flush_folder(final.parent)
    shutil.rmtree(retired, ignore_errors=True)


def run_summary(as_of: date, cohort: pd.DataFrame, files: pd.DataFrame, rules_version: str) -> dict:
    counts = cohort["priority"].value_counts()
    statuses = cohort["status"].value_counts()
    return {
        "as_of": as_of.isoformat(),
        "flagged": len(cohort),
        "by_priority": {p: int(counts.get(p, 0)) for p in PRIORITIES},
        "new": int(statuses.get("new", 0)),
        "by_status": {s: int(statuses.get(s, 0)) for s in STATUSES},
        "rules_version": rules_version,
        "files": _file_entries(files),
    }


def _file_entries(files: pd.DataFrame) -> list[dict]:
    """Each file the run ingested, its skipped rows by reason as an object (CONTRACT §6)."""
    entries = json.loads(files.to_json(orient="records"))
    for entry in entries:
        entry["skipped_reasons"] = json.loads(entry["skipped_reasons"])
    return entries


def write_review_outputs(
    conn: duckdb.DuckDBPyConnection,
    reports_root: Path,
    as_of: date,
    run_id: str,
    rules_version: str,
    sessions: duckdb.DuckDBPyConnection,
) -> ReviewOutputs:
    cohort = run_sql(conn, "review/cohort_for_report", {"as_of": as_of}).df()
    attrition = run_sql(conn, "review/attrition_for_report", {"as_of": as_of}).df()
    inclusion = run_sql(conn, "review/inclusion_report").df()
    files = run_sql(conn, "review/files_of_run", {"run_id": run_id}).df()
    summary = run_summary(as_of, cohort, files, rules_version)
    started = time.perf_counter()
    report = render_report(
        as_of, cohort, attrition, summary, gather_evidence(conn, as_of, cohort, sessions)
    )
    render_seconds = time.perf_counter() - started

    reports_root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    final = reports_root / as_of.isoformat()
    remove_leftovers(reports_root)
    staging = reports_root / f"{WRITING_PREFIX}{as_of.isoformat()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(mode=PRIVATE_DIR_MODE)
    try:
        table = cohort.loc[:, list(COHORT_COLUMNS)]
        _write_private(staging / "flagged_cohort.csv", table.to_csv(index=False))
        table.to_parquet(staging / "flagged_cohort.parquet", index=False)
        (staging / "flagged_cohort.parquet").chmod(PRIVATE_FILE_MODE)
        _write_private(staging / "attrition.csv", attrition.to_csv(index=False))
        _write_private(staging / "inclusion_report.csv", inclusion.to_csv(index=False))
        _write_private(staging / "run_summary.json", json.dumps(summary, indent=2) + "\n")
        _write_private(staging / "report.html", report.html)
        _swap_into_place(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ReviewOutputs(
        folder=final,
        flagged=summary["flagged"],
        by_priority=summary["by_priority"],
        new=summary["new"],
        charts=report.charts,
        render_seconds=render_seconds,
    )
