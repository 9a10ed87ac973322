"""Free ports, readiness polls and process-group teardown for tests that start servers."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

POLL_SECONDS = 0.5
# `dagster dev` stops its webserver, daemon and code servers on SIGINT (about 8 s here);
# whatever is still alive in the group after this grace period is killed.
STOP_GRACE_SECONDS = 30


def free_port() -> int:
    """A localhost TCP port nobody listens on right now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} was never written)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until(
    condition: Callable[[], Any],
    timeout: float,
    what: str,
    alive: Callable[[], str | None] = lambda: None,
) -> Any:
    """Poll until `condition()` is truthy and return it; fail with `what` on timeout.

    `alive` returns a reason when the thing waited for has died, so a crashed server fails
    the test at once instead of after the whole timeout.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        reason = alive()
        if reason:
            pytest.fail(f"{what}: {reason}")
        time.sleep(POLL_SECONDS)
    pytest.fail(f"{what}: not within {timeout:.0f} s")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def graphql(base_url: str, query: str, variables: dict | None = None) -> dict:
    """One query against a Dagster webserver's /graphql; errors fail the test."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"{base_url}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
    if payload.get("errors"):
        pytest.fail(f"GraphQL errors: {payload['errors']}")
    return payload["data"]


def start_process_group(
    command: list[str], env: dict[str, str], cwd: Path, log: Path
) -> subprocess.Popen:
    """Start a server in its own process group, so teardown can reach all its children."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_process_group(process: subprocess.Popen, grace: float = STOP_GRACE_SECONDS) -> None:
    """SIGINT the leader (a clean Ctrl-C), then SIGKILL whatever of its group is left."""
    pgid = process.pid
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        process.poll()  # reap the leader, or its zombie keeps the group alive
        if not _group_alive(pgid):
            return
        time.sleep(POLL_SECONDS)
    with suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    process.wait(timeout=grace)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False
