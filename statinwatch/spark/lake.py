"""The Parquet lake between the engines: each staging step publishes its staged table there,
partitioned by landing file; the clinical step publishes the code lists; Spark reads them as
tables and writes the clinical tables beside them, and DuckDB reads those back for the review
stage. A table `<schema>.<name>` is the folder `<lake>/<schema>.db/<name>/` on either side
(Spark's own layout under its warehouse)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from statinwatch.sql import count_rows, render_sql, run_sql

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import SparkSession


def table_folder(lake: Path, table: str) -> Path:
    schema, name = table.split(".")
    return lake / f"{schema}.db" / name


# Staged rows are partitioned by the landing file they came from: Spark's suites read only the
# files not yet validated.
PARTITION_COLUMN = "file_id"


def file_folder(lake: Path, table: str, file_id: int) -> Path:
    """The partition of a staged table holding one landing file's rows."""
    return table_folder(lake, table) / f"{PARTITION_COLUMN}={file_id}"


def _replace_folder(folder: Path, written: Path) -> None:
    """Put a fully written folder in place of the old one; a crash between the two renames
    leaves the table missing (the next publish writes it), never half of it."""
    old = folder.with_name(f"{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    written.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _rows_in(conn: duckdb.DuckDBPyConnection, files: Path) -> int:
    return int(run_sql(conn, "spark/parquet_rows", {"files": str(files)}).fetchone()[0])


def publish_by_file(conn: duckdb.DuckDBPyConnection, lake: Path, table: str) -> None:
    """Write a staged table as Parquet partitioned by landing file (`file_id=<id>/`), replacing
    what was there. The id stays in the rows too, so a reader of the whole folder (Spark with
    recursive lookup, no partition inference) sees DuckDB's columns, order and types. Raises
    if the copy does not hold every row the table counts (DuckDB 2.0.0 once counted rows its
    scans did not return: statinwatch/staging/staged_tables.py)."""
    folder = table_folder(lake, table)
    written = folder.with_name(f"{folder.name}.partial")
    shutil.rmtree(written, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    expected = count_rows(conn, table)
    with conn.cursor() as cursor:
        cursor.table(table).write_parquet(
            str(written), partition_by=[PARTITION_COLUMN], write_partition_columns=True
        )
        if not any(written.iterdir()):
            # No rows, no partition: one empty file keeps the table's columns for Spark.
            cursor.table(table).write_parquet(str(written / "empty.parquet"))
        copied = _rows_in(cursor, written / "**" / "*.parquet")
    if copied != expected:
        shutil.rmtree(written, ignore_errors=True)
        raise RuntimeError(f"{table}: the lake's copy holds {copied} of its {expected} rows")
    _replace_folder(folder, written)


def publish(conn: duckdb.DuckDBPyConnection, lake: Path, tables: list[str]) -> None:
    """Write DuckDB tables as Parquet folders of the lake, replacing what was there."""
    for table in tables:
        folder = table_folder(lake, table)
        folder.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: a reader never sees half a file.
        partial = folder / "data.parquet.partial"
        # Its own cursor: the relation API refuses a connection with a result still open.
        with conn.cursor() as cursor:
            cursor.table(table).write_parquet(str(partial))
        partial.replace(folder / "data.parquet")


def drop_table(spark: SparkSession, table: exp.Table) -> None:
    spark.sql(exp.Drop(kind="TABLE", tables=[table.copy()], exists=True).sql("spark"))


def create_schema(spark: SparkSession, schema: str) -> None:
    spark.sql(exp.Create(kind="SCHEMA", this=exp.to_identifier(schema), exists=True).sql("spark"))


def register(spark: SparkSession, lake: Path, tables: list[str]) -> None:
    """Make published Parquet folders Spark tables of the same name."""
    for table in tables:
        create_schema(spark, table.split(".")[0])
        # Registered again each run: the session may have served another lake before.
        drop_table(spark, exp.to_table(table))
        # Recursive lookup: a staged table's partition folders are read as plain files, so
        # Spark takes file_id from the rows (DuckDB's type and place), not from folder names.
        spark.catalog.createTable(
            table,
            path=str(table_folder(lake, table)),
            source="parquet",
            recursiveFileLookup="true",
        )


def read_back(conn: duckdb.DuckDBPyConnection, lake: Path, tables: list[str]) -> None:
    """Replace DuckDB tables by the Parquet Spark wrote for them."""
    for table in tables:
        files = str(table_folder(lake, table) / "*.parquet")
        conn.execute(render_sql("spark/read_back", table=table), {"files": files})
