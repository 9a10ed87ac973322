"""Review stage: the flagged cohort kept as history, and the files clinicians open."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.metadata import markdown_table
from pipelines.partitions import AS_OF_PARTITIONS
from pipelines.report.outputs import PRIORITIES, write_review_outputs
from pipelines.resources import DUCKDB_POOL, HomeResource, warehouse
from pipelines.rules import load_rules
from pipelines.sql import run_sql, transaction
from pipelines.sql_assets import as_of_parameters

GROUP = "review"
OWNERS = ["team:clinical-informatics"]
REPLACE_SNAPSHOT_STATEMENTS = (
    "delete_snapshot", "insert_snapshot", "delete_attrition", "insert_attrition",
)  # fmt: skip


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql"},
    deps=["patient_evaluation"],
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="1",
    owners=OWNERS,
)
def flagged_cohort(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The flagged cohort of the as-of date, with attrition, kept as history for status."""
    params = as_of_parameters(context)
    with warehouse(duckdb) as conn:
        with transaction(conn):
            for statement in REPLACE_SNAPSHOT_STATEMENTS:
                run_sql(conn, f"review/{statement}", params)
        counts = dict(
            conn.execute(
                "select priority, count(*) from review.cohort_snapshots where as_of = ? group by 1",
                [params["as_of"]],
            ).fetchall()
        )
        attrition = run_sql(conn, "review/attrition_for_report", params).df()
    by_priority = {p: int(counts.get(p, 0)) for p in PRIORITIES}
    return dg.MaterializeResult(
        metadata={
            "flagged": sum(by_priority.values()),
            **{f"flagged_{p}": n for p, n in by_priority.items()},
            "attrition": dg.MetadataValue.md(
                markdown_table(attrition.to_dict(orient="records"), ("step", "patients"))
            ),
            "rules_version": str(params["rules_version"]),
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"html", "csv", "parquet"},
    deps=[flagged_cohort],
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="1",
    owners=OWNERS,
)
def review_reports(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The clinician report and cohort files under reports/<as-of>/, swapped in atomically."""
    as_of = context.partition_time_window.start.date()
    with warehouse(duckdb) as conn:
        outputs = write_review_outputs(
            conn, home.reports, as_of, context.run_id, load_rules()["version"]
        )
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(outputs.folder)),
            "report": dg.MetadataValue.path(str(outputs.folder / "report.html")),
            "flagged": outputs.flagged,
            "new": outputs.new,
        }
    )


REVIEW_ASSETS = [flagged_cohort, review_reports]
