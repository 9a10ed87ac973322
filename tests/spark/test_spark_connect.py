"""The Spark engine as a thin client of a Spark Connect server (`STATINWATCH_SPARK_MASTER=
sc://…`, how Databricks and EMR on EKS are reached): a server started here on local[2], and
the sore-not-sick vignettes judged through it as the cited criteria expect."""

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyspark
import pytest

from tests.clinical.test_sore_not_sick import AS_OF, VIGNETTES
from tests.support.processes import (
    free_port,
    log_tail,
    port_open,
    start_process_group,
    stop_process_group,
    wait_until,
)
from tests.support.vignettes import flagged_cohort, outcome_problems

SERVER_START_SECONDS = 180


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory) -> Iterator[str]:
    """A Spark Connect server of pyspark's own distribution, in the foreground of its group."""
    spark_home = Path(pyspark.__file__).parent
    port = free_port()
    log = tmp_path_factory.mktemp("spark-connect") / "server.log"
    command = [
        "bash",
        str(spark_home / "sbin" / "start-connect-server.sh"),
        "--wait",
        "--master", "local[2]",
        "--driver-memory", "1g",
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=4",
    ]  # fmt: skip
    env = {**os.environ, "SPARK_HOME": str(spark_home), "SPARK_LOG_DIR": str(log.parent)}
    server = start_process_group(command, env, log.parent, log)
    try:
        wait_until(
            lambda: port_open(port),
            SERVER_START_SECONDS,
            "the Spark Connect server listening",
            alive=lambda: None if server.poll() is None else log_tail(log),
        )
        yield f"sc://localhost:{port}"
    finally:
        stop_process_group(server)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, connect_url) -> pd.DataFrame:
    home = tmp_path_factory.mktemp("sore-not-sick-connect")
    settings = {"STATINWATCH_SPARK_MASTER": connect_url}
    return flagged_cohort(home, VIGNETTES, AS_OF, engine="spark", env=settings)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.patient_id)
def test_vignette_through_spark_connect(cohort, vignette):
    assert outcome_problems(vignette, cohort) == [], vignette.story
