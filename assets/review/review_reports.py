"""review/reports: the clinician report and cohort files under reports/<as-of>/."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.partitions import as_of_date, daily_asset
from statinwatch.report.outputs import write_review_outputs
from statinwatch.resources import HomeResource, warehouse
from statinwatch.rules import load_rules


@daily_asset(
    "review",
    key=["review", "reports"],
    kinds={"html", "csv", "parquet"},
    deps=[dg.AssetKey(["review", "flagged_cohort"])],
    code_version="1",
)
def review_reports(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The clinician report and cohort files under reports/<as-of>/, swapped in atomically."""
    with warehouse(duckdb) as conn, home.exercise_sessions(conn) as sessions:
        outputs = write_review_outputs(
            conn, home.reports, as_of_date(context), context.run_id, load_rules()["version"],
            sessions,
        )  # fmt: skip
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(outputs.folder)),
            "report": dg.MetadataValue.path(str(outputs.folder / "report.html")),
            "flagged": outputs.flagged,
            "new": outputs.new,
            "timeline_charts": outputs.charts,
            "render_seconds": round(outputs.render_seconds, 2),
        }
    )
