"""One Spark session per test process, as small as the suite can afford: two cores, 1 GB of
driver memory, no UI. The engine's own runs (`--engine spark`) reuse it when they run in the
same process, since SparkSession.getOrCreate hands back the active session."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from statinwatch.spark.session import spark_config


@pytest.fixture(scope="session")
def spark(tmp_path_factory) -> Iterator["SparkSession"]:  # noqa: F821
    # Imported here: a test process that never runs a Spark test should not load pyspark
    # (statinwatch/resources.py::open_warehouse).
    from pyspark.sql import SparkSession

    lake: Path = tmp_path_factory.mktemp("lake")
    builder = SparkSession.builder
    for key, value in spark_config(lake, {"spark.master": "local[2]"}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("OFF")
    yield session
    session.stop()
