"""Review stage: clinicians' dispositions, the flagged cohort kept as history, and the files
clinicians open. Metadata and logs carry counts only, never patient rows."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.ingest.assets import ingest_new_files
from assets.ingest.streams import StreamSpec
from pipelines.metadata import accounting_metadata, markdown_table
from pipelines.partitions import AS_OF_PARTITIONS
from pipelines.report.outputs import PRIORITIES, STATUSES, write_review_outputs
from pipelines.resources import DUCKDB_POOL, HomeResource, warehouse
from pipelines.reviews import DECISIONS
from pipelines.rules import load_rules
from pipelines.sql import count_rows, run_sql, transaction
from pipelines.sql_assets import as_of_parameters

GROUP = "review"
OWNERS = ["team:clinical-informatics"]
REPLACE_SNAPSHOT_STATEMENTS = (
    "delete_snapshot", "insert_snapshot", "delete_attrition", "insert_attrition",
)  # fmt: skip
REVIEW_LOG_TABLE = "review.review_log"


# The reviews stream rides the ingest machinery (hashing, quarantine, manifest) but is
# validated by sql/review and appended to the review log instead of a raw.* table.
REVIEWS = StreamSpec(
    name="reviews",
    columns=("patient_id", "decision", "by", "note", "reviewed_at"),
    required=("patient_id", "decision", "by", "reviewed_at"),
    description="Clinician dispositions: patient_id, decision, by, note, reviewed_at.",
    dedupe_range_column="reviewed_at",
    raw_table=REVIEW_LOG_TABLE,
    validate_sql="review/validate_reviews",
)


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "csv"},
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="1",
    owners=OWNERS,
)
def review_log(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """Clinicians' dispositions from landing/reviews/, appended once per file to the review log."""
    with warehouse(duckdb) as conn:
        # Exports are not looked for under reviews/ (raw_external leaves that folder alone).
        outcomes = ingest_new_files(context, conn, home.landing, REVIEWS, leave_exports=False)
        # `statinwatch review` fingerprints the reviewed evidence at once; this does it for
        # reviews from files, and for any review a crash left without one.
        run_sql(conn, "review/insert_review_evidence")
        decisions = dict(run_sql(conn, "review/decision_counts").fetchall())
        total = count_rows(conn, REVIEW_LOG_TABLE)
    context.log.info("%d review file(s) ingested; the log holds %d review(s)", len(outcomes), total)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": total,
            **{f"reviews_{d}": int(decisions.get(d, 0)) for d in DECISIONS},
            **accounting_metadata(outcomes),
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql"},
    deps=["patient_evaluation", review_log],
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
        counts = run_sql(conn, "review/status_counts", params).df()
        attrition = run_sql(conn, "review/attrition_for_report", params).df()
    by_priority = counts.groupby("priority")["patients"].sum()
    by_status = counts.groupby("status")["patients"].sum()
    return dg.MaterializeResult(
        metadata={
            "flagged": int(counts["patients"].sum()),
            **{f"flagged_{p}": int(by_priority.get(p, 0)) for p in PRIORITIES},
            **{f"status_{s}": int(by_status.get(s, 0)) for s in STATUSES},
            "new_evidence_since_review": int(counts["with_new_evidence"].sum()),
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
            "timeline_charts": outputs.charts,
            "render_seconds": round(outputs.render_seconds, 2),
        }
    )


REVIEW_ASSETS = [review_log, flagged_cohort, review_reports]
