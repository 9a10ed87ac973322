"""review.review_log: clinicians' dispositions from landing/reviews/, appended once per file
to the append-only review log (`statinwatch review` appends to it too)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.ingest.new_files import ingest_new_files
from statinwatch.metadata import accounting_metadata
from statinwatch.partitions import as_of_date, daily_asset
from statinwatch.resources import HomeResource, warehouse
from statinwatch.reviews import DECISIONS, REVIEW_LOG_TABLE, REVIEWS
from statinwatch.sql import count_rows, run_sql


@daily_asset(
    "review",
    key=["review", "review_log"],
    kinds={"duckdb", "csv"},
    code_version="1",
)
def review_log(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """Clinicians' dispositions from landing/reviews/, appended once per file to the review log."""
    with warehouse(duckdb) as conn:
        # Exports are not looked for under reviews/ (raw/external leaves that folder alone).
        outcomes = ingest_new_files(
            conn, home.landing, REVIEWS, context.run_id, as_of_date(context), context.log,
            leave_exports=False,
        )  # fmt: skip
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
