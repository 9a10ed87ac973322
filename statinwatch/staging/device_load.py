"""The device's load on staged exercise sessions (docs/formats.md "Heart rate and minute
intensity"): heart-rate minutes attached to the logged sessions they fall in, and days of
sustained vigorous minutes with no logged session made into sessions.

staging.exercise is otherwise append-only, but a heart-rate file may arrive after the session
it belongs to. So each staging run takes the files newer than the last one it took
(ingest.incremental_progress), recomputes the patient-days they touch, and notes the patients
in staging.exercise_changes for the clinical judgement to re-judge. A day's result depends
only on that day's minutes and logs, so staging in steps equals staging at once.
"""

import duckdb

from statinwatch.incremental import newest_file, progress, record_progress
from statinwatch.sql import run_sql

TABLE = "staging.exercise"
# The views of deduplicated minutes, then the steps of one staging run, in order.
VIEWS = ("staging/heart_rate_minutes", "staging/activity_minutes")
STEPS = (
    "staging/exercise_touched_days",
    "staging/exercise_day_minutes",
    "staging/exercise_device_forget",
    "staging/exercise_attach_heart_rate",
    "staging/exercise_device_sessions",
    "staging/exercise_note_changes",
)
DEFINITION = (*VIEWS, *STEPS)


def stage_device_load(conn: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Bring the staged sessions' device load up to the newest landed file."""
    for view in VIEWS:
        run_sql(conn, view)
    up_to = newest_file(conn)
    taken = {**params, "last_file_id": progress(conn, TABLE), "up_to_file_id": up_to}
    for step in STEPS:
        run_sql(conn, step, taken)
    record_progress(conn, TABLE, up_to)
