"""The exercise sessions asset: judged incrementally, because it is the one clinical table that
grows with the whole exercise history (every other one is bounded by the as-of windows)."""

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.incremental import fingerprint, last_file_id, start_build
from pipelines.partitions import AS_OF_PARTITIONS
from pipelines.resources import DUCKDB_POOL, warehouse
from pipelines.rules import rule_parameters
from pipelines.sql import count_rows, run_sql, transaction

TABLE = "clinical.exercise_sessions"
CREATE_TABLE = "clinical/exercise_sessions_table"
STAGED_TYPING = "staging/stg_exercise"
STEPS = (
    CREATE_TABLE,
    "clinical/exercise_sessions_touched",
    "clinical/exercise_sessions_forget",
    "clinical/exercise_sessions",
)


@dg.asset(
    group_name="clinical",
    kinds={"duckdb", "sql"},
    deps=["stg_exercise"],
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="2",
    owners=["team:clinical-informatics"],
)
def exercise_sessions(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Exercise sessions against the patient's 28-day usual load, strenuous flagged."""
    with warehouse(duckdb) as conn, transaction(conn):
        rebuilt = judge_new_sessions(conn, rule_parameters())
        judged = count_rows(conn, "touched_exercise")
        rows = count_rows(conn, TABLE)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "rebuilt": rebuilt,
            "patients_rejudged": judged,
        }
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
