"""raw.<stream>: every new file of a native landing stream, typed, de-duplicated and
accounted once, with a freshness check beside each stream."""

from datetime import UTC, datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.ingest.freshness import freshness_limit, newest_data_at, staleness
from statinwatch.ingest.new_files import ingest_new_files
from statinwatch.ingest.streams import STREAM_SPECS, StreamSpec
from statinwatch.metadata import accounting_metadata
from statinwatch.partitions import as_of_date, daily_asset
from statinwatch.resources import DUCKDB_POOL, HomeResource, warehouse
from statinwatch.sql import count_rows

DESCRIPTIONS = {
    "patients": "Patient demographics and risk factors accepted from landing/patients/.",
    "medications": "Medication orders, dispenses and statements from landing/medications/.",
    "exercise": "Exercise sessions accepted from landing/exercise/.",
    "symptoms": "Patient-reported muscle symptoms accepted from landing/symptoms/.",
    "labs": "Lab results (CK and others) accepted from landing/labs/.",
}


def build_raw_stream(spec: StreamSpec) -> dg.AssetsDefinition:
    @daily_asset(
        "ingest",
        key=["raw", spec.name],
        description=DESCRIPTIONS[spec.name],
        kinds={"duckdb"},
        code_version="1",
    )
    def raw_stream(
        context: dg.AssetExecutionContext, home: HomeResource, duckdb: DuckDBResource
    ) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            outcomes = ingest_new_files(
                conn, home.landing, spec, context.run_id, as_of_date(context), context.log
            )
            total = count_rows(conn, spec.raw_table)
        return dg.MaterializeResult(
            metadata={"dagster/row_count": int(total), **accounting_metadata(outcomes)}
        )

    return raw_stream


def build_freshness_check(spec: StreamSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", spec.name]),
        name="fresh_data",
        description=f"New {spec.name} rows arrived within the last {freshness_limit(spec.name)} "
        f"(STATINWATCH_FRESHNESS_HOURS_{spec.name.upper()}).",
        pool=DUCKDB_POOL,
    )
    def freshness_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            arrived = newest_data_at(conn, spec)
        hours = (datetime.now(UTC) - arrived).total_seconds() / 3600 if arrived else -1
        stale = staleness(spec, arrived)
        return dg.AssetCheckResult(
            passed=stale is None,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"hours_since_new_data": round(hours, 1)},
            description=stale,
        )

    return freshness_check


RAW_STREAMS = [build_raw_stream(spec) for spec in STREAM_SPECS.values()]
FRESHNESS_CHECKS = [build_freshness_check(spec) for spec in STREAM_SPECS.values()]
