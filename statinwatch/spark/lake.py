"""The Parquet lake between the engines. The raw tables go there from DuckDB's ingest once per
landing file (a folder per file); the code lists are published whole each run; Spark reads them
as tables, writes the staged and clinical tables beside them, and DuckDB reads back what the
review stage reads. A table `<schema>.<name>` is the folder `<lake>/<schema>.db/<name>/` on
either side (Spark's own layout under its warehouse)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from statinwatch.sql import render_sql, run_sql

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import SparkSession


def table_folder(lake: Path, table: str) -> Path:
    schema, name = table.split(".")
    return lake / f"{schema}.db" / name


# Raw rows are partitioned by the landing file they came from: each file is written to the
# lake once, and never again.
PARTITION_COLUMN = "file_id"
# A zero-row file with the table's columns: Spark reads an empty table's schema from it, and a
# change of the raw table's columns shows in it. Spark skips names starting with `_` or `.`.
COLUMNS_FILE = "no_rows.parquet"


def _file_folders(folder: Path) -> list[Path]:
    """A table's folders of one landing file each (`file_id=<id>`), in id order."""
    found = [p for p in folder.glob(f"{PARTITION_COLUMN}=*") if p.is_dir()]
    return sorted(found, key=lambda p: int(p.name.split("=", 1)[1]))


def files_in_lake(lake: Path, table: str) -> list[int]:
    """The landing files whose rows of the table are in the lake, in id order."""
    return [int(p.name.split("=", 1)[1]) for p in _file_folders(table_folder(lake, table))]


def _rows_in(conn: duckdb.DuckDBPyConnection, files: Path) -> int:
    return int(run_sql(conn, "spark/parquet_rows", {"files": str(files)}).fetchone()[0])


def _columns(relation: duckdb.DuckDBPyRelation) -> list[tuple[str, str]]:
    return [(name, str(kind)) for name, kind in zip(relation.columns, relation.types, strict=True)]


def _keep_columns_file(cursor: duckdb.DuckDBPyConnection, folder: Path, table: str) -> None:
    """Write the table's zero-row file unless it already holds the table's columns; if the
    columns changed since the lake's files were written, drop them all first (they are
    written again from the whole table)."""
    columns_file = folder / COLUMNS_FILE
    empty = cursor.sql(render_sql("spark/no_rows", table=table))
    if columns_file.exists():
        if _columns(cursor.read_parquet(str(columns_file))) == _columns(empty):
            return
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder.with_name(f"{folder.name}.{COLUMNS_FILE}.partial")
    empty.write_parquet(str(partial))
    partial.replace(columns_file)


def publish_new_files(conn: duckdb.DuckDBPyConnection, lake: Path, table: str) -> int:
    """Append the rows of landing files not yet in the lake, one folder per file
    (`file_id=<id>/`, the id kept in the rows too, so Spark reading the folders as plain files
    sees DuckDB's columns and types); returns how many files were added. Raw tables only grow
    and file ids only rise, and the folders are moved into place in id order, so every file up
    to the highest folder is in the lake (a crash leaves a prefix; the next run writes the
    rest). Raises if the written rows are not every row the table holds of those files."""
    folder = table_folder(lake, table)
    written = folder.with_name(f"{folder.name}.partial")
    shutil.rmtree(written, ignore_errors=True)
    with conn.cursor() as cursor:
        _keep_columns_file(cursor, folder, table)
        in_lake = files_in_lake(lake, table)
        highest = {"highest_file_id": in_lake[-1] if in_lake else -1}
        new_rows = cursor.sql(render_sql("spark/new_raw_rows", table=table), params=highest)
        expected = int(new_rows.aggregate("count(*)").fetchall()[0][0])
        if expected == 0:
            return 0
        new_rows.write_parquet(
            str(written), partition_by=[PARTITION_COLUMN], write_partition_columns=True
        )
        copied = _rows_in(cursor, written / "**" / "*.parquet")
    if copied != expected:
        shutil.rmtree(written, ignore_errors=True)
        raise RuntimeError(f"{table}: the lake holds {copied} of the {expected} new rows")
    added = _file_folders(written)
    for partition in added:
        partition.rename(folder / partition.name)
    written.rmdir()
    return len(added)


def _replace_folder(fresh: Path, folder: Path) -> None:
    """Put a folder written beside a table's in its place: a reader never sees half of it."""
    retired = folder.with_name(f"{folder.name}.retired")
    shutil.rmtree(retired, ignore_errors=True)
    if folder.exists():
        folder.rename(retired)
    fresh.rename(folder)
    shutil.rmtree(retired, ignore_errors=True)


def publish(conn: duckdb.DuckDBPyConnection, lake: Path, tables: list[str]) -> None:
    """Write DuckDB tables as Parquet folders of the lake, replacing the whole folder (Spark may
    have written files of its own there: the review tables it changed on the last run)."""
    for table in tables:
        folder = table_folder(lake, table)
        fresh = folder.with_name(f"{folder.name}.partial")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        # Its own cursor: the relation API refuses a connection with a result still open.
        with conn.cursor() as cursor:
            cursor.table(table).write_parquet(str(fresh / "data.parquet"))
        _replace_folder(fresh, folder)


def drop_table(spark: SparkSession, table: exp.Table) -> None:
    spark.sql(exp.Drop(kind="TABLE", tables=[table.copy()], exists=True).sql("spark"))


def create_schema(spark: SparkSession, schema: str) -> None:
    spark.sql(exp.Create(kind="SCHEMA", this=exp.to_identifier(schema), exists=True).sql("spark"))


def register(spark: SparkSession, lake: Path, tables: list[str]) -> None:
    """Make published Parquet folders Spark tables of the same name."""
    for schema in sorted({table.split(".")[0] for table in tables}):
        create_schema(spark, schema)
    for table in tables:
        folder = table_folder(lake, table)
        # Registered again each run: the session may have served another lake before.
        drop_table(spark, exp.to_table(table))
        # Recursive lookup: a raw table's folders are read as plain files, so Spark takes
        # file_id from the rows (DuckDB's type and place), not from folder names.
        spark.catalog.createTable(
            table,
            path=str(folder),
            source="parquet",
            recursiveFileLookup="true",
        )


def _parquet_files(lake: Path, table: str) -> str:
    return str(table_folder(lake, table) / "*.parquet")


def read_back(conn: duckdb.DuckDBPyConnection, lake: Path, tables: list[str]) -> None:
    """Replace DuckDB tables by the Parquet Spark wrote for them."""
    for table in tables:
        files = _parquet_files(lake, table)
        conn.execute(render_sql("spark/read_back", table=table), {"files": files})


def read_back_as_of(conn: duckdb.DuckDBPyConnection, lake: Path, table: str, as_of: date) -> None:
    """Add to a DuckDB table the as-of date's rows Spark wrote for it (the caller has cleared
    the date's rows: the rest of the table is the warehouse's own)."""
    conn.execute(
        render_sql("spark/read_back_as_of", table=table),
        {"files": _parquet_files(lake, table), "as_of": as_of},
    )


@contextmanager
def lake_reader(
    lake: Path, tables: list[str], limits: dict[str, object]
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB in which each of `tables` is a view of its Parquet folder in the
    lake: SQL written for the warehouse reads a table Spark keeps only in the lake, in place.
    `limits` are the environment's DuckDB limits: unbounded, it caches up to 80 % of RAM."""
    with duckdb.connect(config=limits) as conn:
        run_sql(conn, "schema/00_schemas")
        for table in tables:
            # DuckDB binds no parameter in a view: its files are a session variable of its own.
            variable = f"{table.replace('.', '_')}_files"
            conn.execute(
                render_sql("spark/lake_files", variable=variable),
                {"files": _parquet_files(lake, table)},
            )
            conn.execute(render_sql("spark/lake_view", table=table, variable=variable))
        yield conn
