"""Judge exercise sessions incrementally: clinical.exercise_sessions is the one clinical table
that grows with the whole exercise history (every other one is bounded by the as-of windows)."""

import duckdb

from statinwatch.incremental import (
    fingerprint,
    last_file_id,
    progress,
    record_progress,
    start_build,
)
from statinwatch.sql import run_sql
from statinwatch.staging import device_load

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
    # Sessions are judged on staged rows: a new typing of them, or of their device load, means
    # judging them all again.
    definition = (*STEPS, STAGED_TYPING, *device_load.DEFINITION)
    rebuilt = start_build(conn, TABLE, fingerprint(definition, params))
    run_sql(conn, CREATE_TABLE)
    # Files that only changed staged sessions (heart rate) leave no file id in the table, so
    # how far it got is also recorded.
    taken_in = max(last_file_id(conn, TABLE), progress(conn, TABLE))
    for step in STEPS[1:]:
        run_sql(conn, step, {**params, "last_file_id": taken_in})
    record_progress(conn, TABLE, max(taken_in, progress(conn, device_load.TABLE)))
    return rebuilt
