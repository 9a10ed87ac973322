"""One Spark session per test process, as small as the suite can afford: two cores, 1 GB of
driver memory, no UI. The engine's own runs (`--engine spark`) reuse it when they run in the
same process, since SparkSession.getOrCreate hands back the active session.

pyspark is loaded as this folder is collected, before any test can import Great Expectations:
GX validates Spark DataFrames only if it saw pyspark when first imported (`make test` runs this
folder in a process of its own)."""

from collections.abc import Iterator
from pathlib import Path

import pyspark.sql
import pytest

from statinwatch.spark.session import spark_config


@pytest.fixture(scope="session")
def spark(tmp_path_factory) -> Iterator[pyspark.sql.SparkSession]:
    lake: Path = tmp_path_factory.mktemp("lake")
    builder = pyspark.sql.SparkSession.builder
    for key, value in spark_config(lake, {"spark.master": "local[2]"}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("OFF")
    yield session
    session.stop()
