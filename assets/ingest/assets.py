"""Ingest stage: one asset per landing stream, each taking every new file exactly once, and
one for the exports (FHIR, Synthea, wearables) recognised by content anywhere in landing/."""

from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.ingest.external.exports import discover_exports, ingest_export, is_export
from assets.ingest.ingest import FileOutcome, ingest_files, known_hashes
from assets.ingest.landing import discover
from assets.ingest.streams import STREAM_SPECS, StreamSpec
from pipelines.metadata import ACCOUNTING_FIELDS, accounting_metadata, markdown_table
from pipelines.partitions import AS_OF_PARTITIONS
from pipelines.resources import DUCKDB_POOL, HomeResource, warehouse
from pipelines.sql import count_rows, run_sql
from pipelines.vocabulary import load_vocabulary

GROUP = "ingest"


def _log_outcome(context: dg.AssetExecutionContext, outcome: FileOutcome) -> None:
    if outcome.status == "quarantined":
        context.log.warning("%s quarantined whole: %s", outcome.path, outcome.reason)
        return
    context.log.info(
        "%s: read %d, accepted %d, quarantined %d, duplicates %d",
        outcome.path, outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
    )  # fmt: skip


def ingest_new_files(
    context: dg.AssetExecutionContext,
    conn: duckdb.DuckDBPyConnection,
    landing: Path,
    spec: StreamSpec,
    leave_exports: bool = True,
) -> list[dict]:
    """Every file of the stream's folder not ingested before, each counted on its own.

    `leave_exports`: an export dropped in a native stream folder is raw_external's to read.
    """
    as_of = context.partition_time_window.start.date()
    seen = known_hashes(conn)
    new_files = []
    for file in discover(landing, spec.name):
        if file.sha256 in seen or (leave_exports and is_export(file.path)):
            continue
        seen.add(file.sha256)
        new_files.append(file)
    outcomes = []
    for outcome in ingest_files(conn, new_files, spec, context.run_id, as_of):
        outcomes.append(outcome.as_dict())
        _log_outcome(context, outcome)
    return outcomes


def build_ingest_asset(spec: StreamSpec) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"raw_{spec.name}",
        description=spec.description,
        group_name=GROUP,
        kinds={"duckdb"},
        pool=DUCKDB_POOL,
        partitions_def=AS_OF_PARTITIONS,
        code_version="1",
        owners=["team:data-engineering"],
    )
    def ingest_stream(
        context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
    ) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            outcomes = ingest_new_files(context, conn, home.landing, spec)
            total = count_rows(conn, spec.raw_table)
        return dg.MaterializeResult(
            metadata={"dagster/row_count": int(total), **accounting_metadata(outcomes)}
        )

    return ingest_stream


@dg.asset(
    group_name=GROUP,
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
    as_of = context.partition_time_window.start.date()
    outcomes = []
    with warehouse(duckdb) as conn:
        load_vocabulary(conn)
        for export in discover_exports(home.landing, known_hashes(conn)):
            outcome = ingest_export(conn, export, context.run_id, as_of)
            outcomes.append(outcome.as_dict())
            _log_outcome(context, outcome)
        by_stream = run_sql(conn, "ingest/export_rows_by_stream", {"run_id": context.run_id})
        rows_by_stream = by_stream.df().to_dict(orient="records")
    metadata = accounting_metadata(outcomes)
    if rows_by_stream:
        metadata["rows_by_stream"] = dg.MetadataValue.md(
            markdown_table(rows_by_stream, ("stream", *ACCOUNTING_FIELDS))
        )
    return dg.MaterializeResult(metadata=metadata)


INGEST_ASSETS = [*(build_ingest_asset(spec) for spec in STREAM_SPECS.values()), raw_external]
