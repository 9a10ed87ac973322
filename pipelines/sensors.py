"""Sensors: launch the daily job when files land, and record failed runs for operators.

Neither sensor opens the DuckDB file: sensors run in the daemon, beside the runs that
hold it. The landing cursor is a fingerprint of the newest modification time seen and the
files carrying it, so a file is announced once however often the sensor ticks.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from pipelines.jobs import daily_job
from statinwatch.paths import landing_dir, resolve_home

SENSOR_INTERVAL_SECONDS = 60
OPS_FOLDER = "ops"
FAILURE_LOG = "run_failures.jsonl"


def _landed_files(landing: Path) -> list[tuple[int, str]]:
    """Every file under landing/: exports may land outside the stream folders."""
    if not landing.is_dir():
        return []
    return sorted(
        (path.stat().st_mtime_ns, path.relative_to(landing).as_posix())
        for path in landing.rglob("*")
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


@dg.run_failure_sensor(
    description="Records each failed run as one line in <home>/ops/run_failures.jsonl.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def run_failure_recorder(context: dg.RunFailureSensorContext) -> None:
    record = failure_record(context.dagster_run, context.failure_event)
    log = resolve_home() / OPS_FOLDER / FAILURE_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    context.log.error("run %s failed: %s", record["run_id"], record["reason"])


def failure_record(run: dg.DagsterRun, failure: dg.DagsterEvent) -> dict:
    """Run, job, partition and the first line of the error: enough to act, no patient data."""
    message = (failure.message or "").strip().splitlines()
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run.run_id,
        "job": run.job_name,
        "partition": run.tags.get("dagster/partition"),
        "reason": message[0][:300] if message else "unknown",
    }
