"""Staged tables in the lake: one folder per landing file, replaced whole, readable by Spark
with DuckDB's columns even when empty."""

import duckdb
import pytest

from statinwatch.spark.lake import publish_by_file, register, table_folder

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
