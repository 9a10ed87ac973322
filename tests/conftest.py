"""Shared fixtures: a temporary statinwatch home, landing-file writers and in-process runs."""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.jobs import DAILY_JOB_NAME
from pipelines.paths import warehouse_path
from pipelines.sql import run_sql_folder

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    root = tmp_path / "home"
    (root / "landing").mkdir(parents=True)
    return root


def write_landing(landing: Path, relative: str, content: str | bytes) -> Path:
    """Write text (or bytes) at landing/<relative>, creating its folders."""
    path = landing / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def land(home: Path) -> Callable[..., Path]:
    """Write text (or bytes) as a landing file: land('labs', 'a.csv', '...')."""

    def write(stream: str, name: str, content: str | bytes) -> Path:
        return write_landing(home / "landing", f"{stream}/{name}", content)

    return write


STATINWATCH = str(Path(sys.executable).with_name("statinwatch"))


def statinwatch(
    *args: str, env: dict | None = None, cwd: Path | None = None, timeout: int = 600
) -> subprocess.CompletedProcess:
    """The installed `statinwatch` command, as an operator runs it."""
    return subprocess.run(
        [STATINWATCH, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "False", **(env or {})},
        cwd=cwd,
    )


def run_day(home: Path, as_of: date | str) -> dg.ExecuteInProcessResult:
    """Materialize every asset and check for one as-of date on an ephemeral instance."""
    job = build_definitions(home).resolve_job_def(DAILY_JOB_NAME)
    key = as_of if isinstance(as_of, str) else as_of.isoformat()
    return job.execute_in_process(
        partition_key=key, instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def query(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse_path(home)), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def csv_text(header: str, *rows: str) -> str:
    return "\n".join([header, *rows]) + "\n"


@contextmanager
def schema_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory warehouse with the schema and macros, for tests of SQL alone."""
    with duckdb.connect() as connection:
        run_sql_folder(connection, "schema")
        yield connection


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    with schema_warehouse() as connection:
        yield connection
