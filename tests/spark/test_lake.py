"""Staged tables in the lake: one folder per landing file, replaced whole, readable by Spark
with DuckDB's columns even when empty."""

import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from statinwatch.generate.dataset import generate_landing
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.resources import build_resources, warehouse
from statinwatch.spark.lake import publish_by_file, register, table_folder
from statinwatch.sql import count_rows
from statinwatch.staging.staged_tables import stage
from tests.support.engines import read_parquet_folder

TABLE = "staging.labs"


@pytest.fixture
def conn():
    with duckdb.connect() as connection:
        connection.execute("create schema staging")
        connection.execute(
            f"create table {TABLE} (file_id bigint, line bigint, patient_id varchar, value double)"
        )
        yield connection


def _folders(lake) -> list[str]:
    return sorted(p.name for p in table_folder(lake, TABLE).iterdir())


def test_each_file_gets_its_folder_and_a_republish_replaces_them(conn, tmp_path):
    conn.execute(f"insert into {TABLE} values (1, 2, 'P1', 90), (4, 2, 'P2', 80), (4, 3, 'P3', 70)")
    publish_by_file(conn, tmp_path, TABLE)
    assert _folders(tmp_path) == ["file_id=1", "file_id=4"]
    conn.execute(f"delete from {TABLE} where file_id = 1")
    # A crash of an earlier publish left a half-written folder beside the table.
    (table_folder(tmp_path, TABLE).with_name("labs.partial") / "junk").mkdir(parents=True)
    publish_by_file(conn, tmp_path, TABLE)
    assert _folders(tmp_path) == ["file_id=4"]
    assert sorted(p.name for p in table_folder(tmp_path, TABLE).parent.iterdir()) == ["labs"]


def test_spark_reads_the_table_with_duckdbs_columns_and_types(conn, tmp_path, spark):
    conn.execute(f"insert into {TABLE} values (7, 2, 'P1', 90)")
    publish_by_file(conn, tmp_path, TABLE)
    register(spark, tmp_path, [TABLE])
    read = spark.table(TABLE)
    assert [(f.name, f.dataType.simpleString()) for f in read.schema.fields] == [
        ("file_id", "bigint"),
        ("line", "bigint"),
        ("patient_id", "string"),
        ("value", "double"),
    ]
    assert [tuple(r) for r in read.collect()] == [(7, 2, "P1", 90.0)]


def test_an_empty_table_keeps_its_columns_for_spark(conn, tmp_path, spark):
    publish_by_file(conn, tmp_path, TABLE)
    register(spark, tmp_path, [TABLE])
    read = spark.table(TABLE)
    assert read.columns == ["file_id", "line", "patient_id", "value"]
    assert read.count() == 0


def test_a_large_staging_transaction_reaches_the_lake_whole(tmp_path):
    """Regression: in DuckDB 2.0.0 a scan right after staging ~180k exercise rows in one
    transaction saw none of them until a checkpoint, and the lake got an empty table."""
    home = tmp_path / "home"
    generate_landing(tmp_path / "generated", patients=1000, days=365, end=date(2026, 11, 1))
    shutil.copytree(tmp_path / "generated" / "landing", home / "landing")
    resources = build_resources(home)
    raw = [a for a in build_definitions(home).assets if a.key.path[0] == "raw"]
    assert dg.materialize(raw, partition_key="2026-11-01", resources=resources).success
    table = STREAM_SPECS["exercise"].staged_table
    with warehouse(resources["duckdb"]) as conn:
        stage(conn, STREAM_SPECS["exercise"])
        publish_by_file(conn, tmp_path / "lake", table)
        staged = count_rows(conn, table)
    in_lake = read_parquet_folder(table_folder(tmp_path / "lake", table), partitions=1)
    assert staged > 122_880  # more than one DuckDB row group: written optimistically
    assert len(in_lake) == staged
