"""clinical.exercise_sessions: each session against the patient's usual load, judged once when
its file arrives (statinwatch/clinical/exercise_judgement.py)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.clinical.exercise_judgement import TABLE, judge_new_sessions
from statinwatch.partitions import AS_OF_PARTITIONS, step_parameters
from statinwatch.resources import DUCKDB_POOL, warehouse
from statinwatch.sql import count_rows, transaction


@dg.asset(
    key=["clinical", "exercise_sessions"],
    group_name="clinical",
    kinds={"duckdb", "sql"},
    deps=[dg.AssetKey(["staging", "exercise"])],
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="2",
    owners=["team:clinical-informatics"],
)
def exercise_sessions(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """Exercise sessions against the patient's 28-day usual load, strenuous flagged."""
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
