"""Run the daily job in-process for `statinwatch run`: same definitions as the UI.

The runner owns what a command line needs around a Dagster run: the Dagster instance under
the home, a lock so two commands never share one home at once, recovery of runs a killed
command left behind, progress on the terminal and a one-line reason when a run fails.
"""

import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.jobs import DAILY_JOB_NAME
from statinwatch.home_lock import HomeBusy, home_lock
from statinwatch.paths import INSTANCE_TEMPLATE, dagster_home, reports_dir

TRIGGER_TAG = "statinwatch/trigger"
CLI_TRIGGER = "cli"
PROGRESS_POLL_SECONDS = 0.5
# The terminal gets a summary; the full event log stays in the instance for the UI.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
STEP_EVENTS = {
    dg.DagsterEventType.STEP_START,
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
}


class RunFailed(Exception):
    """The run did not succeed; the message is the one line an operator reads first."""


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    as_of: date
    report_folder: Path


def prepare_instance(home: Path) -> dg.DagsterInstance:
    """The Dagster instance under the home, created with the shipped pool limits."""
    instance_dir = dagster_home(home)
    instance_dir.mkdir(parents=True, exist_ok=True)
    config = instance_dir / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    return dg.DagsterInstance.from_config(str(instance_dir))


def recover_stale_runs(instance: dg.DagsterInstance) -> int:
    """Fail runs a killed command left 'started' and free their DuckDB pool slots.

    Only called while holding the home lock, so no command-line run can still be alive.
    """
    stale = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={TRIGGER_TAG: CLI_TRIGGER},
        )
    )
    for run in stale:
        instance.report_run_failed(run, "the statinwatch command running it was killed")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return len(stale)


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            while error.cause is not None:
                error = error.cause
            message = error.message.strip().splitlines()
            return f"step {event.step_key} failed: {message[0] if message else 'no message'}"
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                name = evaluation.asset_check_key.to_user_string()
                detail = (evaluation.description or "").splitlines()
                return f"data-quality check {name} failed: {detail[0] if detail else ''}".strip()
    return "the run did not succeed (see the Dagster UI for the event log)"


def _watch_progress(
    instance: dg.DagsterInstance,
    run_id: str,
    on_step: Callable[[str, str], None],
    done: threading.Event,
) -> None:
    # Only the step events after the last one seen: reading the whole log on every poll
    # made a long run's progress cost grow with the square of its events.
    cursor = None
    while not done.wait(PROGRESS_POLL_SECONDS):
        page = instance.get_records_for_run(run_id, cursor=cursor, of_type=STEP_EVENTS)
        for record in page.records:
            event = record.event_log_entry.dagster_event
            on_step(event.step_key or "", event.event_type_value)
        cursor = page.cursor if page.records else cursor


def run_pipeline(
    home: Path,
    as_of: date,
    on_step: Callable[[str, str], None] | None = None,
    engine_name: str | None = None,
) -> RunOutcome:
    home.mkdir(parents=True, exist_ok=True)
    try:
        with home_lock(home):
            return _run_locked(home, as_of, on_step, engine_name)
    except HomeBusy as busy:
        raise RunFailed(str(busy)) from busy


def _run_locked(
    home: Path,
    as_of: date,
    on_step: Callable[[str, str], None] | None,
    engine_name: str | None,
) -> RunOutcome:
    instance = prepare_instance(home)
    recover_stale_runs(instance)
    job = build_definitions(home, engine_name).resolve_job_def(DAILY_JOB_NAME)
    run_id = str(uuid.uuid4())
    done = threading.Event()
    watcher = None
    if on_step:
        watcher = threading.Thread(
            target=_watch_progress, args=(instance, run_id, on_step, done), daemon=True
        )
        watcher.start()
    try:
        result = job.execute_in_process(
            partition_key=as_of.isoformat(),
            instance=instance,
            run_id=run_id,
            raise_on_error=False,
            tags={TRIGGER_TAG: CLI_TRIGGER},
            run_config=QUIET_RUN_CONFIG,
        )
    finally:
        done.set()
        if watcher:
            watcher.join()
    if not result.success:
        raise RunFailed(_first_failure(result))
    return RunOutcome(
        run_id=run_id, as_of=as_of, report_folder=reports_dir(home) / as_of.isoformat()
    )
