"""How fresh a stream is: when its newest rows arrived, and how long it may stay silent."""

import os
from datetime import UTC, datetime, timedelta

import duckdb

from statinwatch.ingest.streams import StreamSpec
from statinwatch.sql import render_sql

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


def staleness(spec: StreamSpec, arrived: datetime | None) -> str | None:
    """Why a stream is stale (no data ever, or none within its limit), None when fresh."""
    limit = freshness_limit(spec.name)
    if arrived is None:
        return f"no {spec.name} data has ever arrived"
    age = datetime.now(UTC) - arrived
    return f"no new {spec.name} data for {age} (limit {limit})" if age > limit else None
