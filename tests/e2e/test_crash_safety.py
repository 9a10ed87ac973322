"""kill -9 in the middle of a run, then run again: the outputs equal a clean run's."""

import filecmp
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from statinwatch.paths import INSTANCE_TEMPLATE, warehouse_path
from tests.support.home import STATINWATCH, statinwatch

AS_OF = "2026-03-31"
COMPARED_OUTPUTS = ("flagged_cohort.csv", "attrition.csv", "inclusion_report.csv")
STEP_WAIT_SECONDS = 240


@pytest.fixture(scope="module")
def landing_source(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("source")
    result = statinwatch(
        "generate", "--out", str(out), "--patients", "800", "--days", "60", "--end", AS_OF
    )
    assert result.returncode == 0, result.stderr
    return out / "landing"


@pytest.fixture(scope="module")
def clean_reports(tmp_path_factory, landing_source) -> Path:
    home = tmp_path_factory.mktemp("clean")
    shutil.copytree(landing_source, home / "landing")
    result = statinwatch("run", "--home", str(home), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return home / "reports" / AS_OF


def _started_steps(home: Path) -> set[str]:
    instance = dg.DagsterInstance.from_config(str(home / "dagster"))
    runs = instance.get_runs(limit=1)
    if not runs:
        return set()
    return {
        record.dagster_event.step_key
        for record in instance.all_logs(runs[0].run_id, of_type=dg.DagsterEventType.STEP_START)
    }


def _kill_when_started(home: Path, step: str, delay: float) -> None:
    process = subprocess.Popen(
        [STATINWATCH, "run", "--home", str(home), "--as-of", AS_OF],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + STEP_WAIT_SECONDS
    try:
        while step not in _started_steps(home):
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, f"step {step} never started"
            time.sleep(0.2)
        time.sleep(delay)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("step", "delay"), [("raw__exercise", 1.0), ("clinical__patient_evaluation", 0.0)]
)
def test_a_killed_run_is_recovered_by_the_next_one(
    tmp_path, landing_source, clean_reports, step, delay
):
    home = tmp_path / "home"
    shutil.copytree(landing_source, home / "landing")
    # The instance exists before the run starts, so the watcher can poll it from the start.
    (home / "dagster").mkdir(parents=True)
    shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster" / "dagster.yaml")
    _kill_when_started(home, step, delay)

    again = statinwatch("run", "--home", str(home), "--as-of", AS_OF)
    assert again.returncode == 0, again.stderr
    reports = home / "reports" / AS_OF
    for name in COMPARED_OUTPUTS:
        assert filecmp.cmp(reports / name, clean_reports / name, shallow=False), name
    # Every landing file is in the manifest exactly once, whichever run ingested it.
    landed = sum(1 for p in (home / "landing").rglob("*") if p.is_file())
    with duckdb.connect(str(warehouse_path(home)), read_only=True) as conn:
        files, distinct = conn.execute(
            "select count(*), count(distinct path) from ingest.files"
        ).fetchone()
    assert files == distinct == landed
    instance = dg.DagsterInstance.from_config(str(home / "dagster"))
    statuses = sorted(run.status.value for run in instance.get_runs())
    assert statuses == ["FAILURE", "SUCCESS"]
    assert not [p for p in reports.parent.iterdir() if p.name.startswith(".")]
