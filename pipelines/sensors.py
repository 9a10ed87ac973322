"""Launch the daily job when new files land; the sensor never opens the DuckDB file.

The cursor is a fingerprint of the newest modification time seen and the files carrying
it, so a file is announced once however often the sensor ticks.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from pipelines.jobs import daily_job
from pipelines.paths import STREAMS, landing_dir, resolve_home

SENSOR_INTERVAL_SECONDS = 60


def _landed_files(landing: Path) -> list[tuple[int, str]]:
    return sorted(
        (path.stat().st_mtime_ns, path.relative_to(landing).as_posix())
        for stream in STREAMS
        if (landing / stream).is_dir()
        for path in (landing / stream).rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )


def new_files_since(landing: Path, cursor: str | None) -> tuple[list[str], str]:
    """Files newer than the cursor, and the cursor that remembers them."""
    state = json.loads(cursor) if cursor else {"mtime_ns": -1, "at_mtime": []}
    seen_at_mtime = set(state["at_mtime"])
    fresh = [
        (mtime, path)
        for mtime, path in _landed_files(landing)
        if mtime > state["mtime_ns"] or (mtime == state["mtime_ns"] and path not in seen_at_mtime)
    ]
    if not fresh:
        return [], json.dumps(state)
    newest = max(mtime for mtime, _ in fresh)
    carried = seen_at_mtime if newest == state["mtime_ns"] else set()
    at_newest = sorted(carried | {path for mtime, path in fresh if mtime == newest})
    return [path for _, path in fresh], json.dumps({"mtime_ns": newest, "at_mtime": at_newest})


@dg.sensor(
    job=daily_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a run for today's as-of date when files appear under landing/.",
)
def landing_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    fresh, cursor = new_files_since(landing_dir(resolve_home()), context.cursor)
    if not fresh:
        return dg.SensorResult(skip_reason="no new landing files", cursor=cursor)
    as_of = datetime.now(UTC).date().isoformat()
    run_key = hashlib.sha256("\n".join(fresh).encode()).hexdigest()[:16]
    context.log.info("%d new landing file(s); requesting a run for %s", len(fresh), as_of)
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=run_key, partition_key=as_of, tags={"statinwatch/trigger": "landing"}
            )
        ],
        cursor=cursor,
    )
