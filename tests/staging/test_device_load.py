"""The device's load on staged sessions (statinwatch/staging/device_load.py): heart-rate
minutes attach to the logged sessions they fall in, sustained vigorous minutes on a day with no
log become a session, and a heart-rate file arriving after its session's log re-judges it —
staged and judged in steps, the result equals staging and judging everything at once."""

from datetime import timedelta

import duckdb

from statinwatch.clinical.exercise_judgement import judge_new_sessions
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.rules import load_rules, rule_parameters
from statinwatch.sql import run_sql, run_sql_folder
from statinwatch.staging.staged_tables import stage, stage_new_files
from tests.support.device_rows import (
    DAY,
    EXERCISE,
    SESSION,
    a_day_of_heart_rate,
    active_minutes,
    heart_minutes,
    log_session,
    register,
)
from tests.support.home import schema_warehouse

STAGED = (
    "select activity, origin, cast(start_time as varchar), duration_min, avg_hr, max_hr, "
    "hr_minutes, hr_source from staging.exercise order by start_time"
)
JUDGED = "select * exclude (file_id) from clinical.exercise_sessions order by all"


def stage_and_judge(conn: duckdb.DuckDBPyConnection) -> None:
    stage_new_files(conn, "exercise", "staging.exercise")
    # The judgement rates heart rate against the age-predicted maximum: it reads birth dates.
    run_sql(conn, "staging/patients")
    judge_new_sessions(conn, rule_parameters())


def test_heart_rate_attaches_to_the_session_it_falls_in_even_when_it_comes_later(conn):
    register(conn, 1)
    log_session(conn, 1, SESSION)
    stage_and_judge(conn)
    # No heart-rate minute inside the run yet (hr_minutes 0: looked, none).
    assert conn.execute(STAGED).fetchall() == [
        ("running", "log", "2026-03-10 18:00:00", 45.0, None, None, 0, None)
    ]
    register(conn, 2)
    a_day_of_heart_rate(conn, 2)
    stage_and_judge(conn)
    # Only the 45 minutes inside the run count: not the resting day, not the 9 pm minute.
    assert conn.execute(STAGED).fetchall() == [
        ("running", "log", "2026-03-10 18:00:00", 45.0, 150.0, 154.0, 45, "device")
    ]
    assert conn.execute(JUDGED).fetchall() == from_scratch()


def from_scratch() -> list[tuple]:
    with schema_warehouse() as conn:
        for file_id in (1, 2):
            register(conn, file_id)
        log_session(conn, 1, SESSION)
        a_day_of_heart_rate(conn, 2)
        stage_and_judge(conn)
        return conn.execute(JUDGED).fetchall()


def test_a_logged_heart_rate_is_kept(conn):
    register(conn, 1)
    conn.execute(
        f"insert into raw.exercise {EXERCISE[:-1]}, avg_hr) "
        "values (1, 2, 'h', 'P1', ?, 45, 'running', 131)",
        [SESSION],
    )
    a_day_of_heart_rate(conn, 1)
    stage_and_judge(conn)
    assert conn.execute(STAGED).fetchall() == [
        ("running", "log", "2026-03-10 18:00:00", 45.0, 131.0, None, None, "log")
    ]


def test_sustained_vigorous_minutes_without_a_log_become_a_session(conn):
    bout = load_rules()["device"]["bout_min"]
    register(conn, 1)
    # Fitbit: a run of very active minutes at 7 am; at 9 am one short of a bout.
    active_minutes(conn, 1, DAY + timedelta(hours=7), [3] * (bout + 5))
    active_minutes(conn, 1, DAY + timedelta(hours=9), [3] * (bout - 1))
    # The next day: a long afternoon of lightly and fairly active minutes, never very active.
    active_minutes(conn, 1, DAY + timedelta(days=1, hours=14), [1, 2] * 60)
    stage_and_judge(conn)
    assert conn.execute(STAGED).fetchall() == [
        ("device vigorous minutes", "device", "2026-03-10 07:00:00", bout + 5.0, None, None, 0,
         None),
    ]  # fmt: skip
    assert conn.execute(
        "select intensity, is_strenuous from clinical.exercise_sessions"
    ).fetchall() == [("vigorous", True)]


def test_heart_rate_far_above_rest_makes_a_session_and_a_log_replaces_it(conn):
    register(conn, 1)
    heart_minutes(conn, 1, DAY + timedelta(hours=8), [60.0] * 600)
    heart_minutes(conn, 1, SESSION, [121.0] * 30)  # ≥ 2 × resting 60 for 30 minutes
    heart_minutes(conn, 1, DAY + timedelta(hours=20), [119.0] * 30)  # just under: no session
    stage_and_judge(conn)
    assert conn.execute(STAGED).fetchall() == [
        ("device vigorous minutes", "device", "2026-03-10 18:00:00", 30.0, 121.0, 125.0, 30,
         "device"),
    ]  # fmt: skip
    # The patient's log of that evening arrives: the day's load is the logged session's now.
    register(conn, 2)
    log_session(conn, 2, SESSION)
    stage_and_judge(conn)
    # Its 45 minutes hold the 30 hard ones; the last 15 had no heart rate recorded.
    assert conn.execute(STAGED).fetchall() == [
        ("running", "log", "2026-03-10 18:00:00", 45.0, 121.0, 125.0, 30, "device")
    ]
    assert conn.execute("select activity from clinical.exercise_sessions").fetchall() == [
        ("running",)
    ]


def test_a_first_build_of_more_than_a_row_group_keeps_the_heart_rate(tmp_path):
    """Regression: in DuckDB 2.0.0 the device load's update was lost when the staged table was
    created in the transaction that appended more than one row group (~122k rows) to it."""
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as conn:
        run_sql_folder(conn, "schema")
        register(conn, 1)
        register(conn, 2)
        conn.execute(
            f"insert into raw.exercise {EXERCISE} select 1, i + 10, 'fill-' || i, 'F' || (i % 5000), "
            "timestamp '2025-01-01' + to_minutes(i), 30, 'cycling' from range(130000) r(i)"
        )
        log_session(conn, 1, SESSION)
        a_day_of_heart_rate(conn, 2)
        stage(conn, STREAM_SPECS["exercise"])
        attached = conn.execute(
            "select avg_hr, max_hr, hr_minutes, hr_source from staging.exercise "
            "where patient_id = 'P1'"
        ).fetchall()
    assert attached == [(150.0, 154.0, 45, "device")]
