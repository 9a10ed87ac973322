"""raw/external: FHIR, Synthea and wearable exports found anywhere under landing/, recognised
by content and mapped onto the raw.* tables of the native streams."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.exports.landed import ingest_new_exports
from statinwatch.metadata import ACCOUNTING_FIELDS, accounting_metadata, markdown_table
from statinwatch.partitions import AS_OF_PARTITIONS, as_of_date
from statinwatch.resources import DUCKDB_POOL, HomeResource, warehouse


@dg.asset(
    key=["raw", "external"],
    group_name="ingest",
    kinds={"duckdb", "fhir", "csv", "xml"},
    pool=DUCKDB_POOL,
    partitions_def=AS_OF_PARTITIONS,
    code_version="1",
    owners=["team:data-engineering"],
)
def raw_external(
    context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """FHIR, Synthea and wearable exports found anywhere under landing/, mapped onto raw.*."""
    with warehouse(duckdb) as conn:
        outcomes, rows_by_stream = ingest_new_exports(
            conn, home.landing, context.run_id, as_of_date(context), context.log
        )
    metadata = accounting_metadata(outcomes)
    if rows_by_stream:
        metadata["rows_by_stream"] = dg.MetadataValue.md(
            markdown_table(rows_by_stream, ("stream", *ACCOUNTING_FIELDS))
        )
    return dg.MaterializeResult(metadata=metadata)
