"""Exercise sessions are judged once, when their file arrives (assets/clinical/exercise_sessions.py):
whatever order files arrive in, the table equals a judgement of all sessions from scratch."""

from datetime import datetime, timedelta

import duckdb

import statinwatch.incremental
from statinwatch.clinical.exercise_judgement import TABLE, judge_new_sessions
from statinwatch.rules import rule_parameters
from statinwatch.sql import load_sql, run_sql
from statinwatch.staging.staged_tables import stage_new_files
from tests.support.home import schema_warehouse

START = datetime(2026, 3, 1, 7, 0)
COLUMNS = "(file_id, line, row_hash, patient_id, start_time, duration_min, activity, intensity)"
JUDGED = (
    "select patient_id, start_time, baseline_sessions, baseline_avg_min, is_strenuous, "
    "strenuous_because from clinical.exercise_sessions order by all"
)


def land_sessions(conn: duckdb.DuckDBPyConnection, file_id: int, days: range) -> None:
    """One 45-minute run a day, every tenth day a vigorous 120-minute one."""
    for day in days:
        long_day = day % 10 == 0
        conn.execute(
            f"insert into raw.exercise {COLUMNS} values (?, ?, ?, 'P1', ?, ?, 'running', ?)",
            [
                file_id,
                day + 2,
                f"{file_id}-{day}",
                START + timedelta(days=day),
                120 if long_day else 45,
                "vigorous" if long_day else "moderate",
            ],
        )


def judge(conn: duckdb.DuckDBPyConnection):
    stage_new_files(conn, "exercise", "staging.exercise")
    run_sql(conn, "staging/patients")
    return judge_new_sessions(conn, rule_parameters())


def from_scratch(batches: list[range]) -> list[tuple]:
    with schema_warehouse() as conn:
        for file_id, days in enumerate(batches, start=1):
            land_sessions(conn, file_id, days)
        judge(conn)
        return conn.execute(JUDGED).fetchall()


def test_a_late_file_rejudges_the_later_sessions_it_changes(conn):
    batches = [range(0, 10), range(20, 40), range(10, 20)]  # the third file arrives late
    for file_id, days in enumerate(batches, start=1):
        land_sessions(conn, file_id, days)
        judge(conn)
    assert conn.execute(JUDGED).fetchall() == from_scratch(batches)
    # Day 20 now has 28 days of history behind it, not just days 0-9.
    day_20 = START + timedelta(days=20)
    baseline = conn.execute(
        "select baseline_sessions from clinical.exercise_sessions where start_time = ?", [day_20]
    ).fetchone()[0]
    assert baseline == 20


def test_a_daily_file_judges_only_its_own_patients_sessions(conn):
    land_sessions(conn, 1, range(0, 30))
    first = judge(conn)
    land_sessions(conn, 2, range(30, 31))
    second = judge(conn)
    assert (first, second) == (True, False)
    touched = conn.execute("select patient_id, recompute_from from touched_exercise").fetchall()
    assert touched == [("P1", START + timedelta(days=30))]
    assert conn.execute(f"select count(*) from {TABLE}").fetchone()[0] == 31


def test_a_changed_threshold_rebuilds_the_table(conn):
    land_sessions(conn, 1, range(0, 30))
    judge(conn)
    long_sessions = f"select count(*) from {TABLE} where strenuous_because like '%usual length%'"
    assert conn.execute(long_sessions).fetchone()[0] > 0  # 120 min against a usual ~45
    stage_new_files(conn, "exercise", "staging.exercise")
    changed = {**rule_parameters(), "exercise_long_session_ratio": 100.0}
    assert judge_new_sessions(conn, changed)
    assert conn.execute(long_sessions).fetchone()[0] == 0


def test_a_new_typing_of_staged_sessions_rejudges_them_all(conn, monkeypatch):
    land_sessions(conn, 1, range(0, 30))
    judge(conn)
    retyped = load_sql("staging/exercise") + "\n-- typed another way\n"
    monkeypatch.setattr(
        statinwatch.incremental,
        "load_sql",
        lambda name: retyped if name == "staging/exercise" else load_sql(name),
    )
    assert judge_new_sessions(conn, rule_parameters())


def test_a_birth_date_that_arrives_after_the_sessions_rejudges_them_by_heart_rate(conn):
    # An hour at 140 bpm, typed "moderate", like the hour-long runs at 110 bpm before it: only
    # the age-predicted maximum (208 - 0.7 × 66.2 ≈ 161.7 bpm; 140 is 87 %) makes it vigorous.
    for day in range(0, 11):
        conn.execute(
            "insert into raw.exercise (file_id, line, row_hash, patient_id, start_time, "
            "duration_min, activity, intensity, avg_hr) "
            "values (1, ?, ?, 'P1', ?, 60, 'running', 'moderate', ?)",
            [day + 2, f"hr-{day}", START + timedelta(days=day), 140 if day == 10 else 110],
        )
    judge(conn)
    hard = f"select strenuous_because from {TABLE} where start_time = ?"
    day_10 = START + timedelta(days=10)
    assert conn.execute(hard, [day_10]).fetchone()[0] == ""  # no age, no maximum: as before
    conn.execute(
        "insert into raw.patients (file_id, line, row_hash, patient_id, birth_date) "
        "values (2, 2, 'p', 'P1', date '1960-01-01')"
    )
    judge(conn)
    because = conn.execute(hard, [day_10]).fetchone()[0]
    assert because.startswith("vigorous by heart rate (140 bpm, 87% of the age-predicted")


def test_the_baseline_is_the_28_days_before_the_session_and_not_its_own_moment(conn):
    """docs/rules.md: a session is measured against the patient's sessions of the 28 days
    before it. One that began exactly 28 days earlier is inside; one a second earlier than
    that is not; sessions that began at the same moment (a watch and a log) are not in each
    other's baseline. The repeated-bout count is per activity and only of eccentric work."""
    rows = [
        # (start, minutes, activity); START is 2026-03-01 07:00.
        (START - timedelta(seconds=1), 600, "weights"),
        (START, 30, "weights"),
        (START + timedelta(days=28), 60, "weights"),
        (START + timedelta(days=28), 90, "cycling"),
        (START + timedelta(days=28, seconds=1), 20, "weights"),
    ]
    for line, (start, minutes, activity) in enumerate(rows, start=2):
        conn.execute(
            f"insert into raw.exercise {COLUMNS} values (1, ?, ?, 'P1', ?, ?, ?, 'moderate')",
            [line, f"edge-{line}", start, minutes, activity],
        )
    judge(conn)
    judged = conn.execute(
        "select start_time, activity, baseline_sessions, baseline_avg_min, strenuous_because "
        "from clinical.exercise_sessions where start_time >= ? order by start_time, activity",
        [START + timedelta(days=28)],
    ).fetchall()
    day_28 = START + timedelta(days=28)
    assert judged == [
        # The 30-minute session of START only (the 600-minute one is a second too early), so
        # 90 min is 3× the usual length; the weights session 28 days before protects from the
        # repeated bout, but 60 min is 2× the usual 30, so it is eccentric anyway.
        (day_28, "cycling", 1, 30.0, "3× usual length"),
        (day_28, "weights", 1, 30.0, "2× usual length, eccentric"),
        # A second later: START's session has left the window; the two at day 28 are in.
        (day_28 + timedelta(seconds=1), "weights", 2, 75.0, ""),
    ]
