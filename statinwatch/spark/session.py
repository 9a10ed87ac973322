"""The SparkSession settings statinwatch's SQL needs to mean on Spark what it means on DuckDB."""

from pathlib import Path

# DuckDB semantics the rules rely on: a failed cast or a division by zero gives null (not an
# error), timestamps are wall-clock times without a zone, nulls sort last.
SEMANTICS = {
    "spark.sql.ansi.enabled": "false",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.inferTimestampNTZ.enabled": "true",
}
# One machine's defaults (tests, `--engine spark` without a cluster): small shuffles, no UI.
LOCAL = {
    "spark.master": "local[*]",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "1g",
    "spark.sql.adaptive.enabled": "true",
    # The raw tables hold a folder per landing file: above this many folders Spark lists them
    # with a job of its own, seconds for each table a statement reads on one machine; a
    # cluster over an object store keeps its parallel listing.
    "spark.sql.sources.parallelPartitionDiscovery.threshold": "100000",
}


def spark_config(lake: Path, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Settings of a session whose managed tables (staging.*, clinical.*) live in `lake`. A
    Spark Connect client (`spark.remote`) takes the SQL semantics and the overrides only: the
    server owns its master, memory and warehouse, and Spark refuses a master beside a remote."""
    overrides = overrides or {}
    if "spark.remote" in overrides:
        return {**SEMANTICS, **overrides}
    return {**LOCAL, **SEMANTICS, "spark.sql.warehouse.dir": str(lake), **overrides}
