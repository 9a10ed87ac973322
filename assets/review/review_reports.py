"""review/reports: the clinician report and cohort files under reports/<as-of>/."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.partitions import AS_OF_PARTITIONS, as_of_date
from statinwatch.report.outputs import write_review_outputs
from statinwatch.resources import DUCKDB_POOL, HomeResource, warehouse
from statinwatch.rules import load_rules


@dg.asset(
    key=["review", "reports"],
    group_name="review",
    kinds={"html", "csv", "parquet"},
    deps=[dg.AssetKey(["review", "flagged_cohort"])],
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="1",
    owners=["team:clinical-informatics"],
)
def review_reports(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The clinician report and cohort files under reports/<as-of>/, swapped in atomically."""
    with warehouse(duckdb) as conn:
        outputs = write_review_outputs(
            conn, home.reports, as_of_date(context), context.run_id, load_rules()["version"]
        )
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
