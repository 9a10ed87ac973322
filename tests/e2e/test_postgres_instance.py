"""The production instance, deploy/dagster.yaml, on a real PostgreSQL server.

A `statinwatch run` against it must leave its run, events and pool slot in Postgres, under
the shipped limits (pool `duckdb` of one slot, one run at a time). Needs the Debian
`postgresql` package (`make system-deps`) and dagster-postgres; without them the tests fail
with the install step to take.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.runner import CLI_TRIGGER, TRIGGER_TAG
from statinwatch.paths import PROJECT_ROOT
from statinwatch.resources import DUCKDB_POOL
from tests.support.home import statinwatch
from tests.support.postgres import HOST, PostgresServer, running_postgres

pytestmark = pytest.mark.slow

DEPLOY_INSTANCE = PROJECT_ROOT / "deploy" / "dagster.yaml"
AS_OF = "2026-06-30"
SMALL_LANDING = ("--patients", "60", "--days", "60", "--end", AS_OF)
PG_DATABASE = "statinwatch_dagster"
PG_USERNAME = "statinwatch"
PG_PASSWORD = "only-for-this-test"  # a throwaway server on localhost


def _require_dagster_postgres() -> None:
    try:
        import dagster_postgres  # noqa: F401
    except ImportError as missing:
        pytest.fail(
            f"{missing}: add dagster-postgres==0.29.27 to pyproject.toml and `make lock`, "
            "or `.venv/bin/uv pip install dagster-postgres==0.29.27`"
        )


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    _require_dagster_postgres()
    with running_postgres() as server:
        server.create_database(PG_DATABASE, PG_USERNAME, PG_PASSWORD)
        yield server


@pytest.fixture
def pg_env(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The DAGSTER_PG_* variables deploy/dagster.yaml reads, set here and for subprocesses."""
    env = {
        "DAGSTER_PG_HOST": HOST,
        "DAGSTER_PG_PORT": str(postgres.port),
        "DAGSTER_PG_DB": PG_DATABASE,
        "DAGSTER_PG_USERNAME": PG_USERNAME,
        "DAGSTER_PG_PASSWORD": PG_PASSWORD,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def _all_asset_keys(home: Path) -> set[dg.AssetKey]:
    return set(build_definitions(home).resolve_asset_graph().get_all_asset_keys())


def test_a_cli_run_is_recorded_in_postgres_under_the_shipped_limits(
    tmp_path: Path, postgres: PostgresServer, pg_env: dict[str, str]
):
    home, dagster_home = tmp_path / "home", tmp_path / "dagster-home"
    dagster_home.mkdir()
    # The runner copies its SQLite template only when dagster.yaml is absent: ours stays.
    shutil.copyfile(DEPLOY_INSTANCE, dagster_home / "dagster.yaml")
    env = {**pg_env, "DAGSTER_HOME": str(dagster_home)}

    generated = statinwatch("generate", "--out", str(home), *SMALL_LANDING, env=env)
    assert generated.returncode == 0, generated.stderr
    run = statinwatch("run", "--home", str(home), "--as-of", AS_OF, env=env)
    assert run.returncode == 0, run.stderr
    assert (home / "reports" / AS_OF / "report.html").is_file()
    assert (dagster_home / "dagster.yaml").read_bytes() == DEPLOY_INSTANCE.read_bytes()

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        concurrency = instance.get_concurrency_config()
        assert concurrency.pool_config.default_pool_limit == 1
        assert concurrency.run_queue_config.max_concurrent_runs == 1
        assert instance.event_log_storage.get_concurrency_info(DUCKDB_POOL).slot_count == 1

        (recorded,) = instance.get_runs()
        assert recorded.status == dg.DagsterRunStatus.SUCCESS
        assert recorded.tags[TRIGGER_TAG] == CLI_TRIGGER
        assert recorded.tags["dagster/partition"] == AS_OF
        materialized = {
            record.dagster_event.asset_key
            for record in instance.all_logs(
                recorded.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
            )
        }
        assert materialized == _all_asset_keys(home)

    # The same facts straight from the tables, so nothing was kept in local SQLite files.
    assert postgres.psql("SELECT status FROM runs", PG_DATABASE) == "SUCCESS"
    assert postgres.psql(
        "SELECT count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'",
        PG_DATABASE,
    ) == str(len(materialized))
    assert (
        postgres.psql(
            f"SELECT \"limit\" FROM concurrency_limits WHERE concurrency_key = '{DUCKDB_POOL}'",
            PG_DATABASE,
        )
        == "1"
    )
    assert not list(dagster_home.rglob("*.db"))
