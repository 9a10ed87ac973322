"""A statinwatch home for tests: landing-file writers, in-process runs, the installed command
and read-only queries of the warehouse."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.definitions import build_definitions
from pipelines.jobs import DAILY_JOB_NAME
from statinwatch.paths import warehouse_path
from statinwatch.sql import run_sql_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def write_landing(landing: Path, relative: str, content: str | bytes) -> Path:
    """Write text (or bytes) at landing/<relative>, creating its folders."""
    path = landing / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


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


def run_day(home: Path, as_of: date | str, engine: str = "duckdb") -> dg.ExecuteInProcessResult:
    """Materialize every asset and check for one as-of date on an ephemeral instance, with the
    clinical stage on `engine`."""
    job = build_definitions(home, engine).resolve_job_def(DAILY_JOB_NAME)
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
