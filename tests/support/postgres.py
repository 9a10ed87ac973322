"""A throwaway PostgreSQL server for tests, from the Debian `postgresql` package.

The server runs in a temporary folder it owns, on a free localhost port, with its unix
socket in that folder, and is stopped and deleted on exit. PostgreSQL refuses to run as
root, so as root every server command runs as the `postgres` OS user the package creates.
Local (socket) connections are trusted for the set-up; TCP connections, the ones Dagster
makes, need a password, so the tests exercise the credentials of deploy/dagster.yaml.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import free_port, log_tail

PG_BIN_GLOB = "usr/lib/postgresql/*/bin"
SERVER_OS_USER = "postgres"
SUPERUSER = "postgres"
HOST = "127.0.0.1"
INSTALL_HINT = (
    "PostgreSQL server binaries not found (initdb under /usr/lib/postgresql/*/bin). "
    "Install them before pytest: `make system-deps` (runs tests/support/install-system-deps.sh, "
    "i.e. apt-get install -y postgresql)."
)
START_ATTEMPTS = 3  # a port picked free can be taken before the server binds it
START_TIMEOUT_SECONDS = 60
# Durability buys nothing in a test server and costs seconds on every commit.
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
)


@dataclass(frozen=True)
class PostgresServer:
    bin_dir: Path
    data_dir: Path
    socket_dir: Path
    port: int
    as_server_user: tuple[str, ...]

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser over the unix socket; the unaligned output."""
        result = subprocess.run(
            [
                *self.as_server_user,
                str(self.bin_dir / "psql"),
                "--no-psqlrc",
                "--tuples-only",
                "--no-align",
                "--set=ON_ERROR_STOP=1",
                f"--host={self.socket_dir}",
                f"--port={self.port}",
                f"--username={SUPERUSER}",
                f"--dbname={database}",
                f"--command={sql}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            pytest.fail(f"psql failed on {sql!r}: {result.stderr.strip()}")
        return result.stdout.strip()

    def create_database(self, name: str, owner: str, password: str) -> None:
        # Identifiers and the password come from the tests themselves, never from outside.
        self.psql(f"CREATE ROLE {owner} LOGIN PASSWORD '{password}'")
        self.psql(f"CREATE DATABASE {name} OWNER {owner}")


def find_bin_dir() -> Path:
    """The newest installed server version's bin folder; fails the test when there is none."""
    candidates = sorted(
        Path("/").glob(PG_BIN_GLOB),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    usable = [path for path in candidates if (path / "initdb").is_file()]
    if not usable:
        pytest.fail(INSTALL_HINT)
    return usable[-1]


def _server_user_prefix() -> tuple[str, ...]:
    if os.geteuid() != 0:
        return ()
    try:
        pwd.getpwnam(SERVER_OS_USER)
    except KeyError:
        pytest.fail(f"running as root but there is no `{SERVER_OS_USER}` OS user. {INSTALL_HINT}")
    if shutil.which("runuser") is None:
        pytest.fail("running as root needs `runuser` (util-linux) to drop to the postgres user")
    return ("runuser", "-u", SERVER_OS_USER, "--")


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}): {result.stderr.strip()}")


def _initdb(bin_dir: Path, data_dir: Path, prefix: tuple[str, ...]) -> None:
    _run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            f"--pgdata={data_dir}",
            f"--username={SUPERUSER}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        ],
        "initdb",
    )


def _start(bin_dir: Path, data_dir: Path, socket_dir: Path, prefix: tuple[str, ...]) -> int:
    """Start on a free port and return it; retries when another process took the port."""
    log = data_dir.parent / "server.log"
    for _ in range(START_ATTEMPTS):
        port = free_port()
        result = subprocess.run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                f"--pgdata={data_dir}",
                f"--log={log}",
                "--wait",
                f"--timeout={START_TIMEOUT_SECONDS}",
                f"--options=-p {port} -k {socket_dir} -c listen_addresses={HOST} {SERVER_OPTIONS}",
                "start",
            ],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_SECONDS + 30,
        )
        if result.returncode == 0:
            return port
    pytest.fail(f"PostgreSQL did not start after {START_ATTEMPTS} ports:\n{log_tail(log)}")


def _stop(bin_dir: Path, data_dir: Path, prefix: tuple[str, ...]) -> None:
    # Immediate mode: the data is thrown away, so no checkpoint is worth waiting for.
    subprocess.run(
        [*prefix, str(bin_dir / "pg_ctl"), f"--pgdata={data_dir}", "--mode=immediate", "stop"],
        capture_output=True,
        timeout=60,
    )


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    prefix = _server_user_prefix()
    # Not pytest's tmp_path: its parents are private to root, and the server user must reach
    # its data folder. The unix socket path must also stay short (about 100 bytes at most).
    root = Path(tempfile.mkdtemp(prefix="statinwatch-pg-"))
    data_dir, socket_dir = root / "data", root / "socket"
    socket_dir.mkdir()
    if prefix:
        server_user = pwd.getpwnam(SERVER_OS_USER)
        for path in (root, socket_dir):
            os.chown(path, server_user.pw_uid, server_user.pw_gid)
    started = False
    try:
        _initdb(bin_dir, data_dir, prefix)
        port = _start(bin_dir, data_dir, socket_dir, prefix)
        started = True
        yield PostgresServer(bin_dir, data_dir, socket_dir, port, prefix)
    finally:
        if started:
            _stop(bin_dir, data_dir, prefix)
        shutil.rmtree(root, ignore_errors=True)
