"""Resources, configured in one place: the statinwatch home and the DuckDB warehouse in it.

STATINWATCH_ENV switches between the laptop defaults and a production profile whose
DuckDB limits come from the environment (docs/operations.md).
"""

import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from statinwatch.incremental import built_with, fingerprint, record_build
from statinwatch.paths import lake_dir, landing_dir, reports_dir, resolve_home, warehouse_path
from statinwatch.spark.session import spark_config
from statinwatch.sql import run_sql_folder

ENV_VAR = "STATINWATCH_ENV"
ENGINE_VAR = "STATINWATCH_ENGINE"
ENGINES = ("duckdb", "spark")
SPARK_MASTER_VAR = "STATINWATCH_SPARK_MASTER"
SPARK_CONF_VAR = "STATINWATCH_SPARK_CONF"
DUCKDB_POOL = "duckdb"
LOCK_RETRIES = 3
LOCK_RETRY_SECONDS = 30
# The schema's own row among the incremental builds: the fingerprint of sql/schema/ it follows.
SCHEMA_BUILD = "sql/schema"
DUCKDB_SETTINGS = {
    "local": {"memory_limit": "1GB", "threads": 2},
    "production": {
        "memory_limit": os.environ.get("STATINWATCH_DUCKDB_MEMORY", "8GB"),
        "threads": int(os.environ.get("STATINWATCH_DUCKDB_THREADS", "4")),
    },
}


class HomeResource(dg.ConfigurableResource):
    """The statinwatch home: landing files in, warehouse and reports out (CONTRACT §2), and
    the engine that builds its tables (on Spark, some live only in the home's lake)."""

    path: str
    engine: str = "duckdb"

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def landing(self) -> Path:
        return landing_dir(self.root)

    @property
    def reports(self) -> Path:
        return reports_dir(self.root)

    @contextmanager
    def exercise_sessions(
        self, conn: duckdb.DuckDBPyConnection
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Where the report reads the exercise sessions: the warehouse `conn`, but on Spark, which
        keeps them only in the lake, the lake in place within this environment's limits."""
        if self.engine != "spark":
            yield conn
            return
        # The lake's code (sqlglot, ~0.1 s) is loaded by the Spark engine's steps alone.
        from statinwatch.spark.clinical import lake_only_tables

        with lake_only_tables(lake_dir(self.root), duckdb_limits()) as in_lake:
            yield in_lake


def environment() -> str:
    name = os.environ.get(ENV_VAR, "local")
    if name not in DUCKDB_SETTINGS:
        raise ValueError(f"{ENV_VAR} must be one of {sorted(DUCKDB_SETTINGS)}, got {name!r}")
    return name


def engine(explicit: str | None = None) -> str:
    """Where the staged suites and the clinical stage run: `--engine`, else $STATINWATCH_ENGINE,
    else duckdb."""
    name = explicit or os.environ.get(ENGINE_VAR, "duckdb")
    if name not in ENGINES:
        raise ValueError(f"{ENGINE_VAR} must be one of {list(ENGINES)}, got {name!r}")
    return name


def spark_overrides() -> dict[str, str]:
    """$STATINWATCH_SPARK_MASTER: a cluster master (spark://, yarn, k8s://) or a Spark
    Connect server (sc://); unset, Spark runs inside the step on every core. Any other Spark
    setting as a JSON object in $STATINWATCH_SPARK_CONF (e.g. driver or executor memory)."""
    settings = {
        str(k): str(v) for k, v in json.loads(os.environ.get(SPARK_CONF_VAR) or "{}").items()
    }
    target = os.environ.get(SPARK_MASTER_VAR)
    if target:
        settings["spark.remote" if target.startswith("sc://") else "spark.master"] = target
    return settings


def duckdb_limits() -> dict[str, object]:
    """The DuckDB memory and thread limits of this environment, for every DuckDB it opens."""
    return dict(DUCKDB_SETTINGS[environment()])


def duckdb_settings(database: Path) -> dict[str, object]:
    """The DuckDB limits of this environment, spilling next to the warehouse file."""
    return {**duckdb_limits(), "temp_directory": str(database.parent / "tmp")}


def build_resources(
    home: Path | None = None, engine_name: str = "duckdb"
) -> dict[str, dg.ConfigurableResource]:
    root = home or resolve_home()
    database = warehouse_path(root)
    resources = {
        "home": HomeResource(path=str(root), engine=engine_name),
        "duckdb": DuckDBResource(
            database=str(database), connection_config=duckdb_settings(database)
        ),
    }
    if engine_name == "spark":
        # Imported here: pyspark costs every process ~0.3 s. Lazy: the session (a JVM, ~10 s)
        # starts in the one step that uses it.
        from dagster_pyspark import LazyPySparkResource

        config = spark_config(lake_dir(root), spark_overrides())
        resources["pyspark"] = LazyPySparkResource(spark_config=config)
    return resources


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return "lock" in str(error).lower()


def _schema_applied(conn: duckdb.DuckDBPyConnection, current: str) -> bool:
    try:
        return built_with(conn, SCHEMA_BUILD) == current
    except duckdb.CatalogException:
        return False  # a new warehouse: not even the table of builds exists yet


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create or migrate the warehouse's schema when sql/schema/ differs from what it last
    applied. Its DDL is idempotent but not free: run on every open it cost ~0.2 s a step,
    several seconds of every run."""
    current = fingerprint(())
    if not _schema_applied(conn, current):
        run_sql_folder(conn, "schema")
        record_build(conn, SCHEMA_BUILD, current)


@contextmanager
def open_warehouse(database: Path, settings: dict) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one way statinwatch opens its warehouse: with the environment's DuckDB limits and
    the schema in place, closed even when the body raises. Raises duckdb.IOException when
    another process holds the file."""
    database.parent.mkdir(parents=True, exist_ok=True)
    if "pyspark" in sys.modules:
        # With pyspark loaded, a DuckDB object of an earlier connection to this file was left
        # in a reference cycle; it keeps that database alive, connect() then waits for it in a
        # busy loop holding the GIL, and the cycle can never be collected: steps hung for ever
        # in make test. Collecting first costs ~0.6 s, so only where pyspark is (the Spark
        # engine's run); a process that did not load pyspark keeps GX from importing it
        # (statinwatch/staging/quality.py).
        gc.collect()
    conn = duckdb.connect(str(database), config=settings)
    try:
        ensure_schema(conn)
        yield conn
    finally:
        conn.close()


@contextmanager
def warehouse(resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse of a step, opened with the resource's configuration.

    Another process holding the DuckDB file (a backfill, a CLI run, a notebook) makes the
    step ask Dagster to retry it later instead of failing the run.
    """
    with ExitStack() as stack:
        try:
            conn = stack.enter_context(
                open_warehouse(Path(resource.database), dict(resource.connection_config))
            )
        except duckdb.IOException as error:
            if _is_lock_conflict(error):
                raise dg.RetryRequested(
                    max_retries=LOCK_RETRIES, seconds_to_wait=LOCK_RETRY_SECONDS
                ) from error
            raise
        yield conn
