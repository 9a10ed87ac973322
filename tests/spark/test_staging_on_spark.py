"""The device load staged on Spark equals DuckDB's: minutes attached to the logged run they fall
in (the UPDATE … FROM), a bout of vigorous minutes on a day without a log made a session (the
INSERT), a day with a log keeping no device session (the DELETE), from the same raw rows."""

from datetime import timedelta

import duckdb
import pytest

from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.rules import load_rules
from statinwatch.spark.lake import table_folder
from statinwatch.spark.staging import build_staging_stage
from statinwatch.staging.staged_tables import stage
from tests.support.device_rows import (
    DAY,
    SESSION,
    a_day_of_heart_rate,
    active_minutes,
    log_session,
    register,
)
from tests.support.engines import read_parquet_folder, table_differences
from tests.support.home import schema_warehouse


def land_device_story(conn: duckdb.DuckDBPyConnection) -> None:
    """A logged run with heart-rate minutes inside it; a vigorous bout the next morning with no
    log; the same bout on the run's day, which the log makes give way."""
    bout = load_rules()["device"]["bout_min"]
    for file_id in (1, 2, 3):
        register(conn, file_id)
    conn.execute(
        "insert into raw.patients (file_id, line, row_hash, patient_id) values (1, 2, 'p', 'P1')"
    )
    log_session(conn, 1, SESSION)
    a_day_of_heart_rate(conn, 2)
    active_minutes(conn, 3, DAY + timedelta(days=1, hours=7), [3] * (bout + 5))
    active_minutes(conn, 3, DAY + timedelta(hours=7), [3] * (bout + 5))


@pytest.fixture(scope="module")
def staged(spark, tmp_path_factory) -> dict[str, tuple]:
    """Each staged table as DuckDB staged it and as Spark did, from the same raw rows."""
    lake = tmp_path_factory.mktemp("lake")
    with schema_warehouse() as on_duckdb, schema_warehouse() as for_spark:
        land_device_story(on_duckdb)
        land_device_story(for_spark)
        for spec in STREAM_SPECS.values():
            stage(on_duckdb, spec)
        build_staging_stage(for_spark, spark, lake)
        return {
            spec.staged_table: (
                on_duckdb.table(spec.staged_table).df(),
                read_parquet_folder(table_folder(lake, spec.staged_table)),
            )
            for spec in STREAM_SPECS.values()
        }


def test_the_story_has_every_kind_of_device_load(staged):
    on_duckdb, _ = staged["staging.exercise"]
    assert sorted(zip(on_duckdb["origin"], on_duckdb["hr_source"].fillna("none"), strict=True)) == [
        ("device", "none"),
        ("log", "device"),
    ]


@pytest.mark.parametrize("table", [spec.staged_table for spec in STREAM_SPECS.values()])
def test_spark_stages_what_duckdb_stages(staged, table):
    on_duckdb, on_spark = staged[table]
    assert list(on_spark.columns) == list(on_duckdb.columns)
    assert table_differences(on_duckdb, on_spark) == []
