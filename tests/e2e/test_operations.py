"""Operating statinwatch: backfills, cohort invariants, freshness, lock retries, failures."""

import json
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from assets.ingest.raw_streams import build_freshness_check
from assets.review.flagged_cohort import COHORT_CHECKS
from pipelines.sensors import run_failure_recorder
from statinwatch.ingest.freshness import newest_data_at
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.resources import build_resources, warehouse
from tests.support.home import csv_text, run_day, statinwatch
from tests.support.vignettes import Vignette, land_vignettes, reports

ON_STATIN = {
    "drug": "atorvastatin 20 mg",
    "dose_mg": 20,
    "start_date": "2026-01-01",
    "status": "active",
}
SMALL_COHORT = [
    Vignette("B1", "statin + aches", "CONTRACT §5", "medium", medications=(ON_STATIN,),
             symptoms=reports("2026-06-01", "2026-06-06", 2, body_site="back", side="left")),
    Vignette("B2", "statin only", "CONTRACT §5", None, medications=(ON_STATIN,)),
]  # fmt: skip


def backfill(home: Path, first: str, last: str) -> subprocess.CompletedProcess:
    return statinwatch("backfill", "--from", first, "--to", last, "--home", str(home))


def _dated_outputs(home: Path, dates: list[str]) -> dict[str, object]:
    """The outputs of each date; run_summary.json without `files`, which lists what that run
    ingested and so names the run rather than the date."""
    outputs: dict[str, object] = {}
    for day in dates:
        folder = home / "reports" / day
        for name in ("flagged_cohort.csv", "attrition.csv"):
            outputs[f"{day}/{name}"] = (folder / name).read_bytes()
        summary = json.loads((folder / "run_summary.json").read_text(encoding="utf-8"))
        outputs[f"{day}/files"] = summary.pop("files")
        outputs[f"{day}/run_summary.json"] = summary
    return outputs


@pytest.mark.slow
def test_backfill_runs_dates_in_order_under_the_pool_and_again_gives_identical_outputs(home):
    # One home for both properties: each date is a whole pipeline run, the slowest thing here.
    land_vignettes(home / "landing", SMALL_COHORT)
    dates = [f"2026-06-{d:02d}" for d in range(5, 9)]
    result = backfill(home, dates[0], dates[-1])
    assert result.returncode == 0, result.stderr
    assert "lock" not in result.stderr.lower()
    lines = result.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == dates
    statuses = [
        pd.read_csv(home / "reports" / day / "flagged_cohort.csv")["status"].tolist()
        for day in dates
    ]
    assert statuses == [["new"]] + [["ongoing"]] * (len(dates) - 1)
    instance = dg.DagsterInstance.from_config(str(home / "dagster"))
    runs = instance.get_runs()
    assert len(runs) == len(dates) and all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)

    first = _dated_outputs(home, dates[:2])
    assert first[f"{dates[0]}/files"] and first[f"{dates[0]}/run_summary.json"]["flagged"] == 1
    assert backfill(home, dates[0], dates[1]).returncode == 0
    second = _dated_outputs(home, dates[:2])
    assert second == {**first, f"{dates[0]}/files": []}  # nothing is ingested twice


def test_backfill_rejects_a_reversed_range(home):
    result = backfill(home, "2026-06-05", "2026-06-01")
    assert result.returncode == 2 and "--to is before --from" in result.stderr


def _check_results(home: Path) -> dict[str, dg.AssetCheckResult]:
    # Launched on its own, as from the UI: a check then examines the evaluation the
    # warehouse holds (statinwatch.partitions.check_parameters).
    resources = build_resources(home)
    return {
        next(iter(check.check_specs)).name: check(dg.build_asset_check_context(resources=resources))
        for check in COHORT_CHECKS
    }


def test_cohort_invariants_pass_on_a_real_run_and_catch_a_broken_snapshot(home):
    land_vignettes(home / "landing", SMALL_COHORT)
    result = run_day(home, "2026-06-10")
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations["every_flagged_patient_has_a_statin_era"] is True
    assert evaluations["attrition_never_increases"] is True
    with warehouse(build_resources(home)["duckdb"]) as conn:
        conn.execute(
            "insert into review.flagged_cohort (as_of, patient_id, priority, reasons, "
            "explanation, statin, daily_dose_mg, first_flagged, status, risk_score, rules_version) "
            "values "
            "('2026-06-10', 'GHOST', 'severe', 'MUSCLE_SYMPTOMS', '', null, null, '2026-06-10', 'new', 0, 'x')"
        )
        conn.execute(
            "update review.attrition set patients = 99 where as_of = '2026-06-10' and step_no = 5"
        )
    results = _check_results(home)
    assert {name: r.passed for name, r in results.items()} == {
        "every_flagged_patient_has_a_statin_era": False,
        "priorities_and_reasons_follow_the_contract": False,
        "attrition_never_increases": False,
    }
    assert results["every_flagged_patient_has_a_statin_era"].metadata["violations"].value == 1


def test_freshness_warns_when_a_stream_goes_quiet(home, land, monkeypatch):
    land("labs", "l.csv", csv_text("patient_id,collected_at,test,value", "P1,2026-06-01,CK,100"))
    assert run_day(home, "2026-06-10").success
    resources = build_resources(home)
    with warehouse(resources["duckdb"]) as conn:
        arrived = newest_data_at(conn, STREAM_SPECS["labs"])
        assert datetime.now(UTC) - arrived < timedelta(minutes=5)
        assert newest_data_at(conn, STREAM_SPECS["symptoms"]) is None
    assert build_freshness_check(STREAM_SPECS["labs"])(duckdb=resources["duckdb"]).passed
    monkeypatch.setenv("STATINWATCH_FRESHNESS_HOURS_LABS", "0")
    stale = build_freshness_check(STREAM_SPECS["labs"])(duckdb=resources["duckdb"])
    assert not stale.passed and stale.severity == dg.AssetCheckSeverity.WARN
    quiet = build_freshness_check(STREAM_SPECS["symptoms"])(duckdb=resources["duckdb"])
    assert quiet.description == "no symptoms data has ever arrived"


def test_a_locked_warehouse_asks_dagster_to_retry_the_step(tmp_path, monkeypatch):
    resource = build_resources(tmp_path)["duckdb"]

    @contextmanager
    def locked(database, settings):
        raise duckdb.IOException('Could not set lock on file "x": Conflicting lock is held')
        yield

    monkeypatch.setattr("statinwatch.resources.open_warehouse", locked)
    with pytest.raises(dg.RetryRequested) as retry, warehouse(resource):
        pass
    assert retry.value.max_retries == 3 and retry.value.seconds_to_wait == 30


def test_failed_runs_are_recorded_for_operators(tmp_path, monkeypatch):
    @dg.op
    def broken() -> None:
        raise ValueError("the landing share is not mounted")

    @dg.job
    def failing_job() -> None:
        broken()

    instance = dg.DagsterInstance.ephemeral()
    result = failing_job.execute_in_process(instance=instance, raise_on_error=False)
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    monkeypatch.setenv("STATINWATCH_HOME", str(tmp_path))
    context = dg.build_run_status_sensor_context(
        sensor_name="run_failure_recorder", dagster_event=failure, dagster_instance=instance,
        dagster_run=result.dagster_run,
    ).for_run_failure()  # fmt: skip
    run_failure_recorder(context)
    (line,) = (tmp_path / "ops" / "run_failures.jsonl").read_text().splitlines()
    record = json.loads(line)
    assert record["run_id"] == result.run_id and record["job"] == "failing_job"
    assert "broken" in record["reason"]
