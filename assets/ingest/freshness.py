"""Freshness checks: warn when a stream has brought no new data for longer than expected."""

import os
from datetime import UTC, datetime, timedelta

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.ingest.streams import STREAM_SPECS, StreamSpec
from pipelines.resources import DUCKDB_POOL, warehouse
from pipelines.sql import render_sql

# How long each stream may stay silent before operators should look; demographics change
# rarely, while wearables and symptom diaries arrive daily. STATINWATCH_FRESHNESS_HOURS_<STREAM>
# overrides a limit per deployment.
FRESHNESS_HOURS = {
    "patients": 24 * 30,
    "medications": 72,
    "exercise": 48,
    "symptoms": 72,
    "labs": 24 * 7,
}


def freshness_limit(stream: str) -> timedelta:
    override = os.environ.get(f"STATINWATCH_FRESHNESS_HOURS_{stream.upper()}")
    return timedelta(hours=float(override) if override else FRESHNESS_HOURS[stream])


def newest_data_at(conn: duckdb.DuckDBPyConnection, spec: StreamSpec) -> datetime | None:
    """When the newest rows of a stream arrived, whichever file or format brought them."""
    (arrived,) = conn.execute(
        render_sql("checks/newest_data_at", raw_table=spec.raw_table)
    ).fetchone()
    return arrived.replace(tzinfo=UTC) if arrived else None


def build_freshness_check(spec: StreamSpec) -> dg.AssetChecksDefinition:
    limit = freshness_limit(spec.name)

    @dg.asset_check(
        asset=f"raw_{spec.name}",
        name="fresh_data",
        description=f"New {spec.name} rows arrived within the last {limit} "
        f"(STATINWATCH_FRESHNESS_HOURS_{spec.name.upper()}).",
        pool=DUCKDB_POOL,
    )
    def freshness_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse(duckdb) as conn:
            arrived = newest_data_at(conn, spec)
        age = datetime.now(UTC) - arrived if arrived else None
        passed = age is not None and age <= limit
        return dg.AssetCheckResult(
            passed=passed,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"hours_since_new_data": round(age.total_seconds() / 3600, 1) if age else -1},
            description=None
            if passed
            else (
                f"no new {spec.name} data for {age} (limit {limit})"
                if age
                else f"no {spec.name} data has ever arrived"
            ),
        )

    return freshness_check


FRESHNESS_CHECKS = [build_freshness_check(spec) for spec in STREAM_SPECS.values()]
