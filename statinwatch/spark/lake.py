"""The Parquet lake between the engines: DuckDB publishes the staged tables (and the code
lists) there, Spark reads them as tables and writes the clinical tables beside them, and
DuckDB reads those back for the review stage. A table `<schema>.<name>` is the folder
`<lake>/<schema>.db/<name>/` on either side (Spark's own layout under its warehouse)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from statinwatch.sql import render_sql

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import SparkSession


def table_folder(lake: Path, table: str) -> Path:
    schema, name = table.split(".")
    return lake / f"{schema}.db" / name


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
        spark.catalog.createTable(table, path=str(table_folder(lake, table)), source="parquet")


def read_back(conn: duckdb.DuckDBPyConnection, lake: Path, tables: list[str]) -> None:
    """Replace DuckDB tables by the Parquet Spark wrote for them."""
    for table in tables:
        files = str(table_folder(lake, table) / "*.parquet")
        conn.execute(render_sql("spark/read_back", table=table), {"files": files})
