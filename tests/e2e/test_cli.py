"""The `statinwatch` command end to end, as an operator runs it (CONTRACT §2)."""

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from statinwatch.home_lock import LOCK_NAME
from tests.support.home import STATINWATCH, csv_text, statinwatch


def _tree(root: Path, skip: Path) -> dict[str, int]:
    """Every path under root but those under `skip`, with its size (0 for folders)."""
    return {
        str(path): path.stat().st_size if path.is_file() else 0
        for path in root.rglob("*")
        if not path.is_relative_to(skip)
    }


def test_help_lists_the_contract_commands():
    result = statinwatch("--help")
    assert result.returncode == 0
    for command in ("run", "demo", "generate"):
        assert command in result.stdout


@pytest.mark.slow
def test_run_writes_the_outputs_and_prints_a_summary(home, land):
    land("medications", "m.csv", csv_text(
        "patient_id,drug,dose_mg,start_date,status", "P1,rosuvastatin 20 mg,20,2026-01-01,active",
    ))  # fmt: skip
    land(
        "symptoms",
        "s.jsonl",
        '{"patient_id": "P1", "reported_at": "2026-03-01", "symptom": "cramp"}\n',
    )
    land("labs", "l.csv", csv_text("patient_id,collected_at,test,value", "P1,2026-03-01,CK,oops"))
    # The home comes from the environment when --home is not given.
    result = statinwatch("run", "--as-of", "2026-03-05", env={"STATINWATCH_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert "files ingested: 3" in result.stdout
    assert "rows: 3 read, 2 accepted, 1 quarantined, 0 duplicates, 0 skipped" in result.stdout
    assert "flagged: 1 (urgent 0, high 0, medium 1, low 0); 1 new" in result.stdout
    report = home / "reports" / "2026-03-05"
    assert f"report: {report / 'report.html'}" in result.stdout
    summary = json.loads((report / "run_summary.json").read_text())
    assert summary["flagged"] == 1 and len(summary["files"]) == 3
    assert (home / "dagster" / "dagster.yaml").exists()  # instance storage lives in the home


@pytest.mark.slow
def test_demo_generates_into_an_empty_home_runs_and_names_the_report(tmp_path):
    """`make demo` is `statinwatch demo` (CONTRACT §2): synthetic data, a run, the report's
    path; run again, it keeps the data it generated."""
    home = tmp_path / "demo"
    first = statinwatch("demo", "--home", str(home))
    assert first.returncode == 0, first.stderr
    assert "generating synthetic landing data" in first.stdout
    report = Path(first.stdout.rsplit("report: ", 1)[1].strip())
    assert report.is_file() and report.is_relative_to(home / "reports")
    flagged = json.loads((report.parent / "run_summary.json").read_text())["flagged"]
    assert flagged > 0
    again = statinwatch("demo", "--home", str(home))
    assert again.returncode == 0, again.stderr
    assert "generating" not in again.stdout
    assert "files ingested: 0" in again.stdout


def test_a_failure_exits_non_zero_with_one_line_on_stderr(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = statinwatch("run", "--home", str(not_a_folder / "home"), "--as-of", "2026-03-05")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("statinwatch: ")
    assert "Traceback" not in result.stderr


def test_verbose_shows_the_traceback(tmp_path):
    (tmp_path / "file").write_text("x")
    result = statinwatch(
        "--verbose", "run", "--home", str(tmp_path / "file" / "h"), "--as-of", "2026-03-05"
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_a_second_run_on_a_busy_home_fails_fast(home):
    with FileLock(str(home / LOCK_NAME)):
        result = statinwatch("run", "--home", str(home), "--as-of", "2026-03-05")
    assert result.returncode == 1
    assert "another statinwatch run is using" in result.stderr


def _wait_until_locked(lock_path: Path, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with FileLock(str(lock_path), timeout=0):
                pass
        except Timeout:
            return
        time.sleep(0.05)
    raise AssertionError("the first run never took the home lock")


@pytest.mark.slow
def test_two_runs_at_once_one_fails_fast_and_the_warehouse_stays_whole(home, land):
    land("medications", "m.csv", csv_text(
        "patient_id,drug,dose_mg,start_date,status", "P1,rosuvastatin 20 mg,20,2026-01-01,active",
    ))  # fmt: skip
    land("labs", "l.csv", csv_text("patient_id,collected_at,test,value", "P1,2026-03-01,CK,900"))
    command = [STATINWATCH, "run", "--home", str(home), "--as-of", "2026-03-05"]
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_until_locked(home / LOCK_NAME, first, seconds=120)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    _, first_err = first.communicate(timeout=300)

    assert first.returncode == 0, first_err
    assert second.returncode == 1
    assert second.stderr.strip().count("\n") == 0  # one line, no traceback
    assert "another statinwatch run is using" in second.stderr
    # The warehouse the second run left alone is whole: the next run reads it and agrees.
    again = statinwatch("run", "--home", str(home), "--as-of", "2026-03-05")
    assert again.returncode == 0, again.stderr
    cohort = (home / "reports" / "2026-03-05" / "flagged_cohort.csv").read_text()
    assert cohort.count("P1") == 1


def test_bad_dates_are_usage_errors():
    result = statinwatch("run", "--as-of", "05/03/2026")
    assert result.returncode == 2
    assert "--as-of" in result.stderr


@pytest.mark.slow
def test_a_run_writes_nothing_outside_its_home(tmp_path, home, land):
    land("labs", "l.csv", csv_text("patient_id,collected_at,test,value", "P1,2026-03-01,CK,90"))
    user, scratch, cwd = (tmp_path / name for name in ("user", "scratch", "cwd"))
    for folder in (user, scratch, cwd):
        folder.mkdir()
    before = _tree(tmp_path, skip=home)
    # The user's home, the temp folder and the working folder are where stray writes go.
    environment = {"HOME": str(user), "TMPDIR": str(scratch), "DAGSTER_HOME": ""}
    result = statinwatch(
        "run", "--home", str(home), "--as-of", "2026-03-05", env=environment, cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    assert (home / "reports" / "2026-03-05" / "run_summary.json").exists()
    assert _tree(tmp_path, skip=home) == before
