"""Judge exercise sessions incrementally: clinical.exercise_sessions is the one clinical table
that grows with the whole exercise history (every other one is bounded by the as-of windows)."""

import duckdb

from statinwatch.incremental import fingerprint, last_file_id, start_build
from statinwatch.sql import run_sql

TABLE = "clinical.exercise_sessions"
CREATE_TABLE = "clinical/exercise_sessions_table"
STAGED_TYPING = "staging/exercise"
STEPS = (
    CREATE_TABLE,
    "clinical/exercise_sessions_touched",
    "clinical/exercise_sessions_forget",
    "clinical/exercise_sessions",
)


def judge_new_sessions(conn: duckdb.DuckDBPyConnection, params: dict) -> bool:
    """Judge the sessions of files staged since the last build (all of them after a rule or
    SQL change), and the touched patients' later sessions, whose baselines they change.
    True when the table was rebuilt from scratch."""
    # Sessions are judged on staged rows: a new typing of them means judging them all again.
    rebuilt = start_build(conn, TABLE, fingerprint((*STEPS, STAGED_TYPING), params))
    run_sql(conn, CREATE_TABLE)
    taken_in = last_file_id(conn, TABLE)
    for step in STEPS[1:]:
        run_sql(conn, step, {**params, "last_file_id": taken_in})
    return rebuilt
