"""raw/external: FHIR, Synthea, OMOP CDM and wearable exports found anywhere under landing/
(live OMOP databases pulled there first), recognised by content and mapped onto the raw.*
tables of the native streams."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.exports.landed import ingest_new_exports
from statinwatch.exports.omop_live import pull_omop_sources
from statinwatch.metadata import ACCOUNTING_FIELDS, accounting_metadata, markdown_table
from statinwatch.partitions import as_of_date, daily_asset
from statinwatch.resources import HomeResource, warehouse


@daily_asset(
    "ingest",
    key=["raw", "external"],
    kinds={"duckdb", "fhir", "csv", "xml"},
    code_version="1",
)
def raw_external(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """Live OMOP databases pulled into landing/, then every new export there mapped onto raw.*."""
    with warehouse(duckdb) as conn:
        pulled = pull_omop_sources(conn, home.root, context.log)
        ingested = ingest_new_exports(
            conn, home.landing, context.run_id, as_of_date(context), context.log
        )
    metadata = accounting_metadata(ingested.outcomes)
    if ingested.rows_by_stream:
        metadata["rows_by_stream"] = dg.MetadataValue.md(
            markdown_table(ingested.rows_by_stream, ("stream", *ACCOUNTING_FIELDS))
        )
    if pulled:
        metadata["omop_pulls"] = dg.MetadataValue.md(
            markdown_table(pulled, ("source", "table", "rows_read", "rows_landed", "file"))
        )
    if ingested.skipped_rows:
        metadata["skipped_rows"] = dg.MetadataValue.md(
            markdown_table(ingested.skipped_rows, ("path", "reason", "skipped"))
        )
    return dg.MaterializeResult(metadata=metadata)
