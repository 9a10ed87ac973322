"""clinical.exercise_sessions: each session against the patient's usual load, judged once when
its file arrives (statinwatch/clinical/exercise_judgement.py)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.clinical.exercise_judgement import TABLE, judge_new_sessions
from statinwatch.partitions import daily_asset, step_parameters
from statinwatch.resources import warehouse
from statinwatch.sql import count_rows, transaction


@daily_asset(
    "clinical",
    key=["clinical", "exercise_sessions"],
    kinds={"duckdb", "sql"},
    # The birth date gives the age-predicted maximum heart rate a session is rated against.
    deps=[dg.AssetKey(["staging", "exercise"]), dg.AssetKey(["staging", "patients"])],
    code_version="3",
)
def exercise_sessions(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """Exercise sessions against the 28-day usual load and the heart rate, strenuous flagged."""
    with warehouse(duckdb) as conn, transaction(conn):
        rebuilt = judge_new_sessions(conn, step_parameters(context))
        judged = count_rows(conn, "touched_exercise")
        rows = count_rows(conn, TABLE)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "rebuilt": rebuilt,
            "patients_rejudged": judged,
        }
    )
