"""The code location as the Dagster UI loads it: groups, descriptions, pools, automation."""

import json
import os

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.sensors import new_files_since
from statinwatch.resources import DUCKDB_POOL

STAGES = {"ingest", "staging", "clinical", "review"}


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def test_every_asset_is_grouped_described_kinded_and_in_the_duckdb_pool():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name in STAGES, key
        assert node.description and "\n" not in node.description.strip(), key
        assert node.kinds, key
    assert {graph.get(k).group_name for k in graph.get_all_asset_keys()} == STAGES
    # Every step that opens the warehouse queues for the single DuckDB writer slot.
    assert {d.op.pool for d in [*defs.assets, *defs.asset_checks]} == {DUCKDB_POOL}


def test_each_staged_table_has_a_blocking_gx_check():
    checks = {
        spec.key.asset_key.to_user_string(): spec
        for c in defs.asset_checks
        for spec in c.check_specs
        if spec.name == "gx_suite"
    }
    assert set(checks) == {
        f"staging/{s}" for s in ("patients", "medications", "exercise", "symptoms", "labs")
    }
    assert all(spec.blocking and spec.description for spec in checks.values())


def test_schedule_and_sensor_target_the_daily_job():
    assert defs.resolve_schedule_def("statinwatch_daily_schedule").job_name == "statinwatch_daily"
    assert defs.resolve_sensor_def("landing_sensor").job_name == "statinwatch_daily"


def test_shipped_instance_limits_the_duckdb_pool_to_one(tmp_path):
    from pipelines.runner import prepare_instance

    instance = prepare_instance(tmp_path)
    assert instance.get_concurrency_config().pool_config.default_pool_limit == 1


def test_sensor_cursor_announces_each_file_once(tmp_path):
    landing = tmp_path / "landing"
    (landing / "labs").mkdir(parents=True)
    first = landing / "labs" / "a.csv"
    first.write_text("x")
    fresh, cursor = new_files_since(landing, None)
    assert fresh == ["labs/a.csv"]
    assert new_files_since(landing, cursor)[0] == []
    second = landing / "labs" / "b.csv"
    second.write_text("y")
    os.utime(second, ns=(first.stat().st_mtime_ns, first.stat().st_mtime_ns))  # same mtime
    fresh, cursor = new_files_since(landing, cursor)
    assert fresh == ["labs/b.csv"]
    assert new_files_since(landing, cursor)[0] == []
    assert json.loads(cursor)["at_mtime"] == ["labs/a.csv", "labs/b.csv"]


@pytest.mark.parametrize("env", ["production", "local"])
def test_resources_follow_the_environment_switch(monkeypatch, tmp_path, env):
    from statinwatch.resources import build_resources

    monkeypatch.setenv("STATINWATCH_ENV", env)
    resources = build_resources(tmp_path)
    assert resources["duckdb"].database == str(tmp_path / "warehouse" / "statinwatch.duckdb")
    assert resources["home"].path == str(tmp_path)


def test_workspace_yaml_loads_the_code_location(tmp_path):
    """What `dagster dev -w workspace.yaml` loads, checked by Dagster's own validator."""
    import subprocess
    import sys
    from pathlib import Path

    dagster = Path(sys.executable).with_name("dagster")
    result = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "STATINWATCH_HOME": str(tmp_path), "DAGSTER_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "Validation successful for code location statinwatch" in result.stderr + result.stdout
