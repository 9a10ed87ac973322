"""Resources, configured in one place: the statinwatch home and the DuckDB warehouse in it.

STATINWATCH_ENV switches between the laptop defaults and a production profile whose
DuckDB limits come from the environment (docs/operations.md).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.paths import landing_dir, reports_dir, resolve_home, warehouse_path
from pipelines.sql import run_sql_folder

ENV_VAR = "STATINWATCH_ENV"
DUCKDB_POOL = "duckdb"
DUCKDB_SETTINGS = {
    "local": {"memory_limit": "2GB", "threads": 2},
    "production": {
        "memory_limit": os.environ.get("STATINWATCH_DUCKDB_MEMORY", "8GB"),
        "threads": int(os.environ.get("STATINWATCH_DUCKDB_THREADS", "4")),
    },
}


class HomeResource(dg.ConfigurableResource):
    """The statinwatch home: landing files in, warehouse and reports out (CONTRACT §2)."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def landing(self) -> Path:
        return landing_dir(self.root)

    @property
    def reports(self) -> Path:
        return reports_dir(self.root)


def environment() -> str:
    name = os.environ.get(ENV_VAR, "local")
    if name not in DUCKDB_SETTINGS:
        raise ValueError(f"{ENV_VAR} must be one of {sorted(DUCKDB_SETTINGS)}, got {name!r}")
    return name


def build_resources(home: Path | None = None) -> dict[str, dg.ConfigurableResource]:
    root = home or resolve_home()
    database = warehouse_path(root)
    settings = {**DUCKDB_SETTINGS[environment()], "temp_directory": str(database.parent / "tmp")}
    return {
        "home": HomeResource(path=str(root)),
        "duckdb": DuckDBResource(database=str(database), connection_config=settings),
    }


@contextmanager
def warehouse(resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with the schema in place, closed even when the body raises."""
    Path(resource.database).parent.mkdir(parents=True, exist_ok=True)
    with resource.get_connection() as conn:
        try:
            run_sql_folder(conn, "schema")
            yield conn
        finally:
            conn.close()
