"""A live OMOP CDM schema on a real PostgreSQL server, pulled incrementally into landing/
(statinwatch/exports/omop_live.py). Needs the Debian `postgresql` package (`make
system-deps`), as tests/e2e/test_postgres_instance.py does."""

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg2
import pytest

from statinwatch.exports.omop_live import CONFIG_NAME, pull_omop_sources
from statinwatch.paths import warehouse_path
from statinwatch.sql import run_sql_folder
from tests.support.exports import FIXTURES, assert_accounted, ingest_exports
from tests.support.home import query
from tests.support.postgres import HOST, PostgresServer, running_postgres

DATABASE, OWNER, PASSWORD = "omop_cdm", "omop_reader", "only-for-this-test"
PASSWORD_ENV = "STATINWATCH_TEST_OMOP_PASSWORD"
PERSON = "7"  # a simvastatin patient of the Eunomia sample
# The drug_exposure columns statinwatch reads, typed as the CDM v5.4 DDL types them.
DRUG_EXPOSURE_DDL = """
create table cdm.drug_exposure (
    drug_exposure_id bigint primary key, person_id bigint not null,
    drug_concept_id integer not null, drug_exposure_start_date date not null,
    drug_exposure_end_date date not null, drug_type_concept_id integer not null,
    quantity numeric, days_supply integer, drug_source_value varchar(50),
    drug_source_concept_id integer
)
"""
COLUMNS = (
    "drug_exposure_id", "person_id", "drug_concept_id", "drug_exposure_start_date",
    "drug_exposure_end_date", "drug_type_concept_id", "quantity", "days_supply",
    "drug_source_value", "drug_source_concept_id",
)  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    with running_postgres() as postgres:
        postgres.create_database(DATABASE, OWNER, PASSWORD)
        yield postgres


def connect(server: PostgresServer):
    return psycopg2.connect(
        host=HOST, port=server.port, dbname=DATABASE, user=OWNER, password=PASSWORD
    )


def person_exposures() -> list[tuple]:
    with (FIXTURES / "omop-eunomia" / "DRUG_EXPOSURE.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["person_id"] == PERSON]
    return [tuple(row[column] or None for column in COLUMNS) for row in rows]


def pull_and_ingest(home: Path) -> tuple[list[dict], dict]:
    warehouse_path(home).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path(home))) as conn:
        run_sql_folder(conn, "schema")
        pulled = pull_omop_sources(conn, home, logging.getLogger(__name__))
    return pulled, ingest_exports(home)


def test_a_live_postgres_schema_is_pulled_incrementally(server, home, monkeypatch):
    exposures = person_exposures()
    with connect(server) as db, db.cursor() as cursor:
        cursor.execute("create schema cdm")
        cursor.execute(DRUG_EXPOSURE_DDL)
        cursor.executemany(
            # column names are this module's constants; the values are bound
            f"insert into cdm.drug_exposure ({', '.join(COLUMNS)}) values "
            f"({', '.join(['%s'] * len(COLUMNS))})",
            exposures,
        )
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    (home / CONFIG_NAME).write_text(
        "[[omop_source]]\n"
        'name = "hospital"\nkind = "postgres"\nschema = "cdm"\n'
        f'host = "{HOST}"\nport = {server.port}\ndbname = "{DATABASE}"\nuser = "{OWNER}"\n'
        f'password_env = "{PASSWORD_ENV}"\n',
        encoding="utf-8",
    )
    # Only drug_exposure exists in this schema: the other OMOP tables are not looked for.
    pulled, outcomes = pull_and_ingest(home)
    assert [(p["table"], p["rows_read"], p["rows_landed"]) for p in pulled] == [
        ("drug_exposure", len(exposures), len(exposures))
    ]
    (first,) = outcomes.values()
    assert first.format == "omop-drug-exposure"
    assert (first.rows_read, first.accepted, first.skipped) == (len(exposures), len(exposures), 0)
    assert_accounted(first)
    # Postgres dates and numbers arrive as the text the CSV holds: RxNorm and dates intact.
    simvastatin = [row for row in exposures if row[8] == "314231"]
    assert query(
        home,
        "select count(*), cast(min(start_date) as varchar) from raw.medications "
        "where rxnorm = '314231'",
    ) == [(len(simvastatin), min(row[3] for row in simvastatin))]

    with connect(server) as db, db.cursor() as cursor:
        cursor.execute(
            "insert into cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, "
            "drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id, "
            "days_supply, drug_source_value) values (%s, %s, %s, %s, %s, %s, %s, %s)",
            (9001, 7, 1539463, "2022-09-01", "2022-09-30", 32869, 30, "314231"),
        )
        cursor.execute(
            "update cdm.drug_exposure set days_supply = 30 where drug_exposure_id = %s",
            (int(exposures[0][0]),),
        )
    pulled, outcomes = pull_and_ingest(home)
    assert [(p["table"], p["rows_read"], p["rows_landed"]) for p in pulled] == [
        ("drug_exposure", len(exposures) + 1, 2)
    ]
    (second,) = outcomes.values()
    assert (second.rows_read, second.accepted, second.quarantined, second.duplicates) == (
        2, 2, 0, 0,
    )  # fmt: skip

    pulled, outcomes = pull_and_ingest(home)
    assert [p["rows_landed"] for p in pulled] == [0] and outcomes == {}
