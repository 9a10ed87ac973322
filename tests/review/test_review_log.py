"""Clinician dispositions: the CLI and landing/reviews/ feed an append-only log; a reviewed
patient stays `reviewed` until new evidence arrives, then comes back as `new` (issue 5)."""

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from filelock import FileLock

from statinwatch.home_lock import LOCK_NAME
from statinwatch.paths import warehouse_path
from statinwatch.reviews import Disposition, ReviewRefused, record_review
from statinwatch.sql import run_sql, run_sql_folder
from tests.support.home import query, statinwatch
from tests.support.review_story import follow_review_story


@pytest.mark.slow
def test_dismissed_patient_stays_reviewed_until_a_higher_ck_tier(home):
    follow_review_story(home, "duckdb")


@pytest.fixture
def flagged_home(home: Path) -> Path:
    """A warehouse holding one cohort snapshot (P-1 on 2026-06-10), without running Dagster."""
    warehouse_path(home).parent.mkdir(parents=True)
    with duckdb.connect(str(warehouse_path(home))) as conn:
        run_sql_folder(conn, "schema")
        conn.execute(
            "insert into review.flagged_cohort (as_of, patient_id, priority, reasons, "
            "explanation, first_flagged, status, rules_version) values ('2026-06-10', 'P-1', "
            "'medium', 'STATIN_EXPOSED;MUSCLE_SYMPTOMS', 'x', '2026-06-10', 'new', 'test')"
        )
    return home


def test_a_review_names_a_flagged_patient_and_its_cohort(flagged_home):
    with pytest.raises(ReviewRefused, match="'P-2' is not in any cohort snapshot"):
        record_review(flagged_home, Disposition("P-2", "dismissed", "Dr Ada"))
    with pytest.raises(ReviewRefused, match="'P-1' is not in the cohort of 2026-06-09"):
        record_review(
            flagged_home,
            Disposition(
                "P-1", "dismissed", "Dr Ada", cohort_as_of=pd.Timestamp("2026-06-09").date()
            ),
        )
    with pytest.raises(ReviewRefused, match="name of the reviewer"):
        record_review(flagged_home, Disposition("P-1", "dismissed", "  "))
    recorded = record_review(flagged_home, Disposition("P-1", "escalated", "Dr Ada", " ring "))
    assert str(recorded.cohort_as_of) == "2026-06-10"
    assert query(flagged_home, "select decision, note, as_of from review.review_log "
                 "join review.review_evidence using (review_id)") == [
        ("escalated", "ring", pd.Timestamp("2026-06-10").date())
    ]  # fmt: skip


def test_the_review_command_fails_fast_on_a_busy_home(flagged_home):
    with FileLock(str(flagged_home / LOCK_NAME)):
        result = statinwatch("review", "P-1", "--decision", "dismissed", "--by", "Dr Ada",
                             "--home", str(flagged_home))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"statinwatch: another statinwatch run is using {flagged_home}; try again when it ends"
    ]
    assert query(flagged_home, "select count(*) from review.review_log") == [(0,)]


def test_a_terminal_review_is_fingerprinted_like_the_same_review_from_a_file():
    reviewed_at = datetime(2026, 6, 12, 10, 0)
    with duckdb.connect() as conn:
        run_sql_folder(conn, "schema")
        conn.execute(
            "create temp table parsed_rows as select 2 as line, 1 as _row, 7 as file_id, "
            "null::varchar as reject_reason, 'P1' as patient_id, 'dismissed' as decision, "
            "'dr x' as reviewed_by, null::varchar as note, ?::timestamp as reviewed_at",
            [reviewed_at],
        )
        run_sql(conn, "ingest/hash_rows")
        from_file = conn.execute("select row_hash from hashed_rows").fetchone()[0]
        run_sql(
            conn,
            "review/insert_cli_review",
            {
                "patient_id": "P1",
                "decision": "dismissed",
                "reviewed_by": "dr x",
                "note": None,
                "reviewed_at": reviewed_at,
                "cohort_as_of": reviewed_at.date(),
            },
        )
        from_terminal = conn.execute("select row_hash from review.review_log").fetchone()[0]
    assert from_terminal == from_file
