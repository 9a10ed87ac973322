"""Raw tables in the lake: one folder per landing file, each written once, readable by Spark
with DuckDB's columns even when empty; a crash or a change of columns leaves nothing wrong."""

import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from statinwatch.generate.dataset import generate_landing
from statinwatch.resources import build_resources, warehouse
from statinwatch.spark.lake import (
    files_in_lake,
    lake_reader,
    publish,
    publish_new_files,
    register,
    table_folder,
)
from statinwatch.sql import count_rows
from tests.support.engines import read_parquet_folder

TABLE = "raw.labs"


@pytest.fixture
def conn():
    with duckdb.connect() as connection:
        connection.execute("create schema raw")
        connection.execute(
            f"create table {TABLE} (file_id bigint, line bigint, patient_id varchar, value double)"
        )
        yield connection


def _folders(lake) -> list[str]:
    return sorted(p.name for p in table_folder(lake, TABLE).iterdir() if p.is_dir())


def test_each_file_is_written_once_in_its_own_folder(conn, tmp_path):
    conn.execute(f"insert into {TABLE} values (1, 2, 'P1', 90), (4, 2, 'P2', 80), (4, 3, 'P3', 70)")
    assert publish_new_files(conn, tmp_path, TABLE) == 2
    assert _folders(tmp_path) == ["file_id=1", "file_id=4"]
    written = (table_folder(tmp_path, TABLE) / "file_id=4").stat().st_mtime_ns
    conn.execute(f"insert into {TABLE} values (6, 2, 'P1', 91)")
    assert publish_new_files(conn, tmp_path, TABLE) == 1
    assert publish_new_files(conn, tmp_path, TABLE) == 0
    assert _folders(tmp_path) == ["file_id=1", "file_id=4", "file_id=6"]
    assert (table_folder(tmp_path, TABLE) / "file_id=4").stat().st_mtime_ns == written
    assert len(read_parquet_folder(table_folder(tmp_path, TABLE), partitions=1)) == 4


def test_a_crash_mid_publish_leaves_files_for_the_next_run(conn, tmp_path):
    """A half-written batch beside the table is dropped; files not moved in are written next."""
    conn.execute(f"insert into {TABLE} values (1, 2, 'P1', 90), (4, 2, 'P2', 80)")
    partial = table_folder(tmp_path, TABLE).with_name("labs.partial")
    (partial / "file_id=9").mkdir(parents=True)
    assert publish_new_files(conn, tmp_path, TABLE) == 2
    assert not partial.exists()
    assert files_in_lake(tmp_path, TABLE) == [1, 4]


def test_a_published_table_is_read_in_place_within_the_given_limits(conn, tmp_path):
    """The report reads a table kept only in the lake through a DuckDB bounded like the
    warehouse: left at its defaults it would cache up to 80 % of the machine's memory."""
    conn.execute(f"insert into {TABLE} values (1, 2, 'P1', 90), (4, 2, 'P2', 80)")
    publish(conn, tmp_path, [TABLE])
    limits = {"memory_limit": "256MB", "threads": 1}
    with lake_reader(tmp_path, [TABLE], limits) as reader, duckdb.connect(config=limits) as bound:
        setting = "select current_setting('memory_limit'), current_setting('threads')"
        assert reader.execute(setting).fetchone() == bound.execute(setting).fetchone()
        assert reader.execute(setting).fetchone()[1] == 1
        query = f"select * from {TABLE} order by file_id"
        assert reader.execute(query).fetchall() == conn.execute(query).fetchall()


def test_changed_columns_write_every_file_again(conn, tmp_path):
    conn.execute(f"insert into {TABLE} values (1, 2, 'P1', 90)")
    publish_new_files(conn, tmp_path, TABLE)
    conn.execute(f"alter table {TABLE} add column unit varchar")
    assert publish_new_files(conn, tmp_path, TABLE) == 1
    in_lake = read_parquet_folder(table_folder(tmp_path, TABLE), partitions=1)
    assert list(in_lake.columns) == ["file_id", "line", "patient_id", "value", "unit"]


def test_spark_reads_the_table_with_duckdbs_columns_and_types(conn, tmp_path, spark):
    conn.execute(f"insert into {TABLE} values (7, 2, 'P1', 90)")
    publish_new_files(conn, tmp_path, TABLE)
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
    assert publish_new_files(conn, tmp_path, TABLE) == 0
    register(spark, tmp_path, [TABLE])
    read = spark.table(TABLE)
    assert read.columns == ["file_id", "line", "patient_id", "value"]
    assert read.count() == 0


def test_a_large_ingest_reaches_the_lake_whole(tmp_path):
    """Regression: in DuckDB 2.0.0 a scan right after a large insert could miss rows until a
    checkpoint; the lake's copy is counted against the table."""
    home = tmp_path / "home"
    generate_landing(tmp_path / "generated", patients=1000, days=365, end=date(2026, 11, 1))
    shutil.copytree(tmp_path / "generated" / "landing", home / "landing")
    resources = build_resources(home)
    raw = [a for a in build_definitions(home).assets if a.key.path[0] == "raw"]
    assert dg.materialize(raw, partition_key="2026-11-01", resources=resources).success
    with warehouse(resources["duckdb"]) as conn:
        publish_new_files(conn, tmp_path / "lake", "raw.exercise")
        ingested = count_rows(conn, "raw.exercise")
    in_lake = read_parquet_folder(table_folder(tmp_path / "lake", "raw.exercise"), partitions=1)
    assert ingested > 122_880  # more than one DuckDB row group
    assert len(in_lake) == ingested
