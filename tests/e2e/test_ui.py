"""The Dagster UI in a real browser: the asset graph by stage, and a one-partition run launched
with clicks, executed by the daemon through the run queue and the `duckdb` pool.

Starts the three processes of docs/deploy.md on a generated home (a code server, and
dagster-webserver and dagster-daemon loading it through deploy/workspace.grpc.yaml: the
services `dagster dev` starts in one command) and drives Debian's Chromium with Playwright.
Needs the Debian `chromium` package (`make system-deps`) and the `playwright` Python package;
without them the test fails with the install step to take. Screenshots and the services' logs
go to test-artifacts/ui/.
"""

import os
import re
import shutil
import subprocess
import sys
import urllib.error
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from statinwatch.paths import INSTANCE_TEMPLATE, PROJECT_ROOT
from statinwatch.resources import DUCKDB_POOL
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.processes import (
    free_port,
    graphql,
    http_ok,
    log_tail,
    port_open,
    start_process_group,
    stop_process_group,
    wait_until,
)

pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Locator

BIN = Path(sys.executable).parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "ui"
GRPC_WORKSPACE = PROJECT_ROOT / "deploy" / "workspace.grpc.yaml"
LOCATION = "statinwatch"
GROUPS = ("ingest", "staging", "clinical", "review")
# One asset and its freshness check: a whole as-of date is some 35 steps, each a process of
# its own in a daemon-launched run (~4.5 min here, docs/deploy.md), too slow for a UI test.
ASSET = ("raw", "patients")  # asset raw/patients, table raw.patients
ASSET_ROWS = 60  # one row per generated patient
# Yesterday (UTC) is inside the launch dialog's default window of the last 90 days.
AS_OF = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
SMALL_LANDING = ("--patients", str(ASSET_ROWS), "--days", "60", "--end", AS_OF)
STARTUP_SECONDS = 120
RUN_SECONDS = 120
UI_TIMEOUT_MS = 60_000
PARTITIONS_LOADED = re.compile(r"Showing [\d,]+ of [\d,]+ partitions")
SUCCESS, FAILURE_STATES = "SUCCESS", {"FAILURE", "CANCELED"}

LOCATION_QUERY = """
{ workspaceOrError { ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""
RUN_QUERY = """
query Run($runId: ID!) { runOrError(runId: $runId) { ... on Run {
    status jobName tags { key value } } } }
"""
MATERIALIZATION_QUERY = """
query Mat($path: [String!]!, $partition: String!) {
  assetOrError(assetKey: {path: $path}) { ... on Asset {
    assetMaterializations(partitions: [$partition]) {
      runId partition metadataEntries { label ... on IntMetadataEntry { intValue } } } } } }
"""
AUTOMATION_QUERY = """
query Automation($location: String!) {
  repositoryOrError(repositorySelector: {repositoryLocationName: $location,
                                         repositoryName: "__repository__"}) {
    ... on Repository { sensors { id name sensorState { status } }
                        schedules { id name scheduleState { status } } } } }
"""
STOP_SENSOR = """
mutation Stop($id: String) { stopSensor(id: $id) { __typename } }
"""
STOP_SCHEDULE = """
mutation Stop($id: String) { stopRunningSchedule(id: $id) { __typename } }
"""
POOL_QUERY = """
{ instance { runQueueConfig { maxConcurrentRuns }
    concurrencyLimits { concurrencyKey slotCount } } }
"""


def _require_browser() -> None:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: `make system-deps` (apt-get install -y chromium) before pytest"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as missing:
        pytest.fail(
            f"{missing}: add playwright==1.65.2 to the dev extras and `make lock` "
            "(never `playwright install`: the tests use Debian's Chromium)"
        )


def _command(program: str, *args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [str(BIN / program), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, f"{program} {' '.join(args)}: {result.stderr}"


def _location_loaded(base_url: str) -> bool:
    if not http_ok(f"{base_url}/server_info"):
        return False
    try:
        workspace = graphql(base_url, LOCATION_QUERY)["workspaceOrError"]
    except (urllib.error.URLError, OSError):
        return False  # still starting
    entries = workspace.get("locationEntries", [])
    for entry in entries:
        loaded = entry["locationOrLoadError"] or {}
        if loaded.get("__typename") == "PythonError":
            pytest.fail(f"code location {entry['name']} failed to load: {loaded['message']}")
    return bool(entries) and all(entry["loadStatus"] == "LOADED" for entry in entries)


def _services_env(home: Path, code_server_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "STATINWATCH_HOME": str(home),
        "DAGSTER_HOME": str(home / "dagster"),
        "GX_ANALYTICS_ENABLED": "False",
        "STATINWATCH_CODE_SERVER_HOST": "127.0.0.1",
        "STATINWATCH_CODE_SERVER_PORT": str(code_server_port),
    }


def _exited(process: subprocess.Popen, log: Path) -> str | None:
    if process.poll() is None:
        return None
    return f"exited with {process.returncode}:\n{log_tail(log)}"


@dataclass(frozen=True)
class Services:
    base_url: str
    # The reason a service died, or None while all run: a run waits in the queue for ever
    # when the daemon is gone, so the test asks instead of timing out.
    dead: Callable[[], str | None]


def _stop_automation(base_url: str) -> None:
    """Stop the sensor and the schedule the way the UI's toggles do, before the daemon starts.

    Both are on by default: the sensor would queue a whole day (minutes) for the landing files
    ahead of the run under test, and the schedule could fire at 05:00 UTC.
    """
    located = {"location": LOCATION}
    repository = graphql(base_url, AUTOMATION_QUERY, located)["repositoryOrError"]
    for sensor in repository["sensors"]:
        graphql(base_url, STOP_SENSOR, {"id": sensor["id"]})
    for schedule in repository["schedules"]:
        graphql(base_url, STOP_SCHEDULE, {"id": schedule["id"]})
    repository = graphql(base_url, AUTOMATION_QUERY, located)["repositoryOrError"]
    states = [item["sensorState"]["status"] for item in repository["sensors"]]
    states += [item["scheduleState"]["status"] for item in repository["schedules"]]
    assert set(states) == {"STOPPED"}, repository


def _start(name: str, command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
    log = ARTIFACTS / f"{name}.log"
    return start_process_group(command, env, PROJECT_ROOT, log), log


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The three processes of docs/deploy.md (deploy/Procfile) on a small generated home: a
    code server, and the webserver and daemon loading it through deploy/workspace.grpc.yaml;
    `dagster dev` starts the same three in one command."""
    _require_browser()
    home = tmp_path_factory.mktemp("ui") / "home"
    code_server_port, webserver_port = free_port(), free_port()
    env = _services_env(home, code_server_port)
    _command("statinwatch", "generate", "--out", str(home), *SMALL_LANDING, env=env)
    (home / "dagster").mkdir()
    shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster" / "dagster.yaml")
    base_url = f"http://127.0.0.1:{webserver_port}"
    workspace = ("-w", str(GRPC_WORKSPACE))

    started: list[tuple[subprocess.Popen, Path]] = []

    def dead() -> str | None:
        return next((reason for p, log in started if (reason := _exited(p, log))), None)

    try:
        code_server = ["code-server", "start", "-m", "pipelines.definitions"]
        code_server += ["-h", "127.0.0.1", "-p", str(code_server_port), "--location-name", LOCATION]
        started.append(_start("code-server", [str(BIN / "dagster"), *code_server], env))
        wait_until(lambda: port_open(code_server_port), STARTUP_SECONDS, "code server", alive=dead)
        webserver_args = ("-h", "127.0.0.1", "-p", str(webserver_port))
        started.append(
            _start("webserver", [str(BIN / "dagster-webserver"), *workspace, *webserver_args], env)
        )
        wait_until(lambda: _location_loaded(base_url), STARTUP_SECONDS, "webserver", alive=dead)
        _stop_automation(base_url)
        # The run under test waits in the queue until the daemon is up: no need to wait here.
        started.append(_start("daemon", [str(BIN / "dagster-daemon"), "run", *workspace], env))
        yield Services(base_url, dead)
    finally:
        # Run workers are children of the code server: it goes last.
        for process, _ in reversed(started):
            stop_process_group(process)


def _run_status(base_url: str, run_id: str) -> dict | None:
    run = graphql(base_url, RUN_QUERY, {"runId": run_id})["runOrError"]
    if run.get("status") == SUCCESS or run.get("status") in FAILURE_STATES:
        return run
    return None


def _select_partition(dialog: "Locator", key: str) -> bool:
    """Type one partition key into the launch dialog; False when the dialog dropped it.

    The dialog loads partition statuses after it opens and then resets its selection, which
    can swallow text typed before (seen here once in a few runs): type until it holds.
    """
    from playwright.sync_api import expect

    box = dialog.get_by_role("textbox")
    box.fill(key)
    box.press("Enter")
    try:
        expect(dialog.get_by_text("1 partition", exact=True)).to_be_visible(timeout=5_000)
    except AssertionError:
        return False
    return True


def test_the_ui_shows_the_stages_and_runs_one_partition_launched_by_clicks(services: Services):
    from playwright.sync_api import expect, sync_playwright

    ui = services.base_url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(UI_TIMEOUT_MS)
        # The first visit of a browser shows a newsletter dialog over whatever page it lands
        # (at random moments under load, over other dialogs); the UI keeps its dismissal in
        # localStorage under "communityNux", so dismiss it before any page script runs.
        page.add_init_script("window.localStorage.setItem('communityNux', '\"1\"')")
        try:
            page.goto(f"{ui}/asset-groups")
            for group in GROUPS:
                expect(page.get_by_text(group, exact=True).first).to_be_visible()
            page.screenshot(path=ARTIFACTS / "1-asset-groups.png")

            page.goto(f"{ui}/assets/{'/'.join(ASSET)}")
            page.get_by_role("button", name="Materialize…").click()
            dialog = page.get_by_role("dialog").filter(has_text=f"materialize {' / '.join(ASSET)}")
            expect(dialog.get_by_text(PARTITIONS_LOADED)).to_be_visible()
            wait_until(lambda: _select_partition(dialog, AS_OF), 60, f"selecting {AS_OF}")
            page.screenshot(path=ARTIFACTS / "2-launch-dialog.png")
            dialog.get_by_role("button", name="Launch 1 run", exact=True).click()

            expect(page.get_by_text("Launched run")).to_be_visible()
            page.get_by_text("View", exact=True).click()
            page.wait_for_url("**/runs/*")
            run_id = page.url.rstrip("/").rsplit("/", 1)[-1]

            run = wait_until(
                lambda: _run_status(ui, run_id),
                RUN_SECONDS,
                f"run {run_id} did not finish",
                alive=services.dead,
            )
            expect(page.get_by_text("Success", exact=True).first).to_be_visible()
            page.screenshot(path=ARTIFACTS / "3-run-success.png")
        except Exception:
            with suppress(Exception):  # best effort: the page may be what failed
                page.screenshot(path=ARTIFACTS / "failure.png")
            raise
        finally:
            browser.close()

    assert run["status"] == SUCCESS, f"run {run_id} ended {run['status']}"
    tags = {tag["key"]: tag["value"] for tag in run["tags"]}
    assert tags["dagster/partition"] == AS_OF
    assert tags["dagster/from_ui"] == "true"

    asset = graphql(ui, MATERIALIZATION_QUERY, {"path": list(ASSET), "partition": AS_OF})
    (materialization,) = asset["assetOrError"]["assetMaterializations"]
    assert materialization["runId"] == run_id
    rows = {entry["label"]: entry.get("intValue") for entry in materialization["metadataEntries"]}
    assert rows["dagster/row_count"] == ASSET_ROWS

    instance = graphql(ui, POOL_QUERY)["instance"]
    assert instance["runQueueConfig"]["maxConcurrentRuns"] == 1
    pools = {limit["concurrencyKey"]: limit["slotCount"] for limit in instance["concurrencyLimits"]}
    assert pools[DUCKDB_POOL] == 1
