"""OMOP CDM v5.4 tables as exports (CSV or Parquet, recognised by their columns) and a live
OMOP DuckDB database pulled incrementally into landing/ (docs/formats.md "OMOP CDM v5.4")."""

import logging
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from statinwatch.exports.omop_live import CONFIG_NAME, OmopConfigError, load_sources
from statinwatch.exports.omop_live import pull_omop_sources as pull_sources
from statinwatch.paths import warehouse_path
from statinwatch.rules import load_rules
from statinwatch.sql import run_sql_folder
from tests.support.exports import (
    FIXTURES,
    assert_accounted,
    ingest_exports,
    skipped_reasons,
)
from tests.support.home import csv_text, query, run_day

EUNOMIA = FIXTURES / "omop-eunomia"
LOG = logging.getLogger(__name__)
ERA_AS_OF = date(2022, 12, 31)  # after the sample's last record (2022-10)
CONCEPT = "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,concept_code"
DRUG = (
    "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,"
    "drug_exposure_end_date,drug_type_concept_id,quantity,days_supply,drug_source_value,"
    "drug_source_concept_id"
)
CONDITION = (
    "condition_occurrence_id,person_id,condition_concept_id,condition_start_date,"
    "condition_start_datetime,condition_source_value,condition_source_concept_id"
)
MEASUREMENT = (
    "measurement_id,person_id,measurement_concept_id,measurement_date,measurement_datetime,"
    "value_as_number,unit_concept_id,range_high,measurement_source_value,unit_source_value"
)


def land_eunomia(home: Path, target: str = "omop/eunomia") -> Path:
    """The sample's tables (not its LICENSE, which is no export) under landing/<target>/."""
    folder = home / "landing" / target
    folder.mkdir(parents=True)
    for table in EUNOMIA.glob("*.csv"):
        shutil.copyfile(table, folder / table.name)
    return folder


def counts(outcome) -> tuple[int, ...]:
    return (
        outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
        outcome.skipped,
    )  # fmt: skip


def fixture_rows(table: str) -> pd.DataFrame:
    return pd.read_csv(EUNOMIA / f"{table}.csv", dtype=str, keep_default_na=False)


def test_the_eunomia_sample_ingests_with_every_row_accounted(home):
    land_eunomia(home)
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    assert {name: o.format for name, o in outcomes.items()} == {
        "CONCEPT.csv": "omop-concept",
        "PERSON.csv": "omop-person",
        "DRUG_EXPOSURE.csv": "omop-drug-exposure",
        "CONDITION_OCCURRENCE.csv": "omop-condition-occurrence",
        "MEASUREMENT.csv": "omop-measurement",
        "OBSERVATION.csv": "omop-observation",
    }
    for outcome in outcomes.values():
        assert (outcome.stream, outcome.status) == ("omop", "ingested")
        assert_accounted(outcome)
    # Every record is read; the fixture's line counts are the rows read.
    for name, outcome in outcomes.items():
        assert outcome.rows_read == len(fixture_rows(name.removesuffix(".csv")))
    assert counts(outcomes["PERSON.csv"]) == (28, 28, 0, 0, 0)
    assert counts(outcomes["DRUG_EXPOSURE.csv"]) == (883, 883, 0, 0, 0)
    # No condition, measurement or observation of the sample is a muscle symptom or CK.
    assert counts(outcomes["CONDITION_OCCURRENCE.csv"]) == (112, 0, 0, 0, 112)
    assert skipped_reasons(home, "omop/eunomia/CONDITION_OCCURRENCE.csv") == {
        "OMOP condition that is not a muscle symptom (by its SNOMED or ICD-10 code)": 112
    }
    assert skipped_reasons(home, "omop/eunomia/MEASUREMENT.csv") == {
        "OMOP measurement that is not CK (LOINC 2157-6)": 448
    }
    assert skipped_reasons(home, "omop/eunomia/OBSERVATION.csv") == {
        "OMOP observation: no observation concept maps to a statinwatch stream": 603
    }
    # Concepts are no patient rows: skipped, and kept to name the other tables' codes.
    assert outcomes["CONCEPT.csv"].skipped == 162
    assert query(home, "select count(*) from omop.concept") == [(162,)]
    simvastatin = query(
        home,
        "select drug, rxnorm, record_type, count(*) from raw.medications "
        "where drug ilike '%simvastatin%' group by all order by rxnorm",
    )
    assert simvastatin == [
        ("simvastatin 20 MG Oral Tablet", "312961", "dispense", 23),
        ("simvastatin 10 MG Oral Tablet", "314231", "dispense", 49),
    ]
    assert query(home, "select sex, birth_date from raw.patients where patient_id = '1'") == [
        ("M", date(1998, 4, 9))
    ]


def expected_statin_eras(gap_days: int, as_of: date) -> pd.DataFrame:
    """Eras computed from DRUG_EXPOSURE alone, by the OHDSI rule of rules.toml: a statin
    record (its RxNorm in vocabulary/rxnorm_statins.csv) runs from its start to its
    drug_exposure_end_date, and records at most `gap_days` apart merge."""
    statin_codes = set(pd.read_csv(FIXTURES.parents[1] / "vocabulary" / "rxnorm_statins.csv",
                                   dtype=str)["rxnorm"])  # fmt: skip
    drugs = fixture_rows("DRUG_EXPOSURE")
    drugs = drugs[drugs["drug_source_value"].isin(statin_codes)].copy()
    drugs["start"] = pd.to_datetime(drugs["drug_exposure_start_date"]).dt.date
    drugs["end"] = pd.to_datetime(drugs["drug_exposure_end_date"]).dt.date
    drugs = drugs[drugs["start"] <= as_of]
    eras = []
    for person, records in drugs.sort_values(["start", "end"]).groupby("person_id"):
        era = None
        for record in records.itertuples():
            if era and (record.start - era["era_end"]).days <= gap_days:
                era["era_end"] = max(era["era_end"], record.end)
                era["records"] += 1
            else:
                era = {"patient_id": person, "era_start": record.start, "era_end": record.end,
                       "records": 1}  # fmt: skip
                eras.append(era)
    return pd.DataFrame(eras).sort_values(["patient_id", "era_start"]).reset_index(drop=True)


def test_the_simvastatin_patients_eras_match_drug_exposure(home):
    land_eunomia(home)
    result = run_day(home, ERA_AS_OF)
    assert result.success
    expected = expected_statin_eras(load_rules()["exposure"]["era_gap_days"], ERA_AS_OF)
    # The sample's statins are all simvastatin, taken by 4 people; 72 records.
    assert sorted(expected["patient_id"].unique()) == ["10", "20", "26", "7"]
    assert expected["records"].sum() == 72
    actual = pd.DataFrame(
        query(
            home,
            "select patient_id, era_start, era_end, records from clinical.statin_eras "
            "order by patient_id, era_start",
        ),
        columns=["patient_id", "era_start", "era_end", "records"],
    )
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False)
    # Negative control: the people with only other drugs have no statin era, and none of
    # their records is a statin.
    drugs = fixture_rows("DRUG_EXPOSURE")
    others = int((~drugs["person_id"].isin(["7", "10", "20", "26"])).sum())
    assert others > 500
    assert query(
        home,
        "select count(*), count(*) filter (where is_statin) from staging.medications "
        "where patient_id not in ('7', '10', '20', '26')",
    ) == [(others, 0)]


def land_text(home: Path, relative: str, text: str) -> None:
    path = home / "landing" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# Concept rows written for these tests, each with its real code (the ids are made up).
TEST_CONCEPTS = csv_text(
    CONCEPT,
    "9000001,Muscle pain,Condition,SNOMED,Clinical Finding,68962001",
    "9000002,Essential hypertension,Condition,SNOMED,Clinical Finding,59621000",
    "9000003,atorvastatin 20 MG Oral Tablet,Drug,RxNorm,Clinical Drug,617310",
    "9000004,Creatine kinase [Enzymatic activity/volume] in Serum or Plasma,Measurement,"
    "LOINC,Lab Test,2157-6",
    "9000005,unit per liter,Unit,UCUM,Unit,U/L",
    "9000006,acetaminophen 325 MG Oral Tablet,Drug,RxNorm,Clinical Drug,313782",
)


def test_conditions_drugs_and_ck_through_concepts_and_source_values(home):
    # In a folder that sorts after the tables that need its concepts.
    land_text(home, "cdm/vocabulary/concept.csv", TEST_CONCEPTS)
    land_text(
        home,
        "cdm/condition_occurrence.csv",
        csv_text(
            CONDITION,
            # by its concept; by an ICD-10-CM source value alone; not a muscle symptom
            "1,P1,9000001,2026-04-20,2026-04-20 08:00:00,,0",
            "2,P1,0,2026-04-22,,M79.10,0",
            "3,P1,9000002,2026-04-01,,59621000,0",
        ),
    )
    land_text(
        home,
        "cdm/drug_exposure.csv",
        csv_text(
            DRUG,
            # a statin known by its concept only (the source value is an NDC), 30 tablets for
            # 30 days; a non-statin; a statin dispensed for 0 days (unknown supply)
            "1,P1,9000003,2026-03-01,2026-03-30,38000175,30,30,00071015623,0",
            "2,P1,9000006,2026-03-01,2026-03-10,38000177,20,10,313782,0",
            "3,P1,9000003,2026-04-01,2026-04-30,32869,0,0,617310,0",
        ),
    )
    land_text(
        home,
        "cdm/measurement.csv",
        csv_text(
            MEASUREMENT,
            "1,P1,9000004,2026-04-23,2026-04-23 09:00:00,3000,9000005,190,,",
            "2,P1,0,2026-04-24,,,0,,8302-2,cm",
        ),
    )
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    # The concept file goes first, whatever its path sorts as.
    assert next(iter(outcomes)) == "concept.csv"
    assert counts(outcomes["condition_occurrence.csv"]) == (3, 2, 0, 0, 1)
    assert skipped_reasons(home, "cdm/condition_occurrence.csv") == {
        "OMOP condition that is not a muscle symptom (by its SNOMED or ICD-10 code)": 1
    }
    assert query(
        home, "select cast(reported_at as varchar), symptom, notes from raw.symptoms order by 1"
    ) == [
        ("2026-04-20 08:00:00", "myalgia", "Condition: Muscle pain (SNOMED 68962001)"),
        ("2026-04-22 00:00:00", "myalgia", "Condition: Myalgia, unspecified site (ICD10 M79.10)"),
    ]
    assert counts(outcomes["drug_exposure.csv"]) == (3, 3, 0, 0, 0)
    assert query(
        home,
        "select drug, rxnorm, doses_per_day, days_supply, record_type from raw.medications "
        "order by line",
    ) == [
        ("atorvastatin 20 MG Oral Tablet", "617310", 1.0, 30, "dispense"),
        ("acetaminophen 325 MG Oral Tablet", "313782", 2.0, 10, "prescription"),
        ("atorvastatin 20 MG Oral Tablet", "617310", 1.0, None, "dispense"),
    ]
    assert counts(outcomes["measurement.csv"]) == (2, 1, 0, 0, 1)
    assert query(home, "select test, value, unit, ref_high from raw.labs") == [
        ("CK", 3000.0, "U/L", 190.0)
    ]


def test_a_file_before_its_concepts_maps_what_its_source_values_say(home):
    # drug_exposure lands in one run, its concept file in a later one: the RxNorm source value
    # still makes a statin of row 1; row 2 (an NDC) stays unnamed, and is no statin.
    land_text(
        home,
        "cdm/drug_exposure.csv",
        csv_text(
            DRUG,
            "1,P1,9000003,2026-03-01,2026-03-30,38000175,30,30,617310,0",
            "2,P1,9000003,2026-04-01,2026-04-30,38000175,30,30,00071015623,0",
        ),
    )
    ingest_exports(home)
    land_text(home, "cdm/concept.csv", TEST_CONCEPTS)
    ingest_exports(home)
    assert query(home, "select drug, rxnorm from raw.medications order by line") == [
        ("617310", "617310"),
        ("00071015623", None),
    ]


def test_omop_tables_as_parquet(home):
    folder = home / "landing" / "cdm"
    folder.mkdir()
    with duckdb.connect() as source:
        for table in ("CONCEPT", "PERSON", "DRUG_EXPOSURE"):
            typed = source.read_csv(str(EUNOMIA / f"{table}.csv"))
            typed.to_parquet(str(folder / f"{table.lower()}.parquet"))
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    assert {name: (o.format, counts(o)) for name, o in outcomes.items()} == {
        "concept.parquet": ("omop-concept", (162, 0, 0, 0, 162)),
        "person.parquet": ("omop-person", (28, 28, 0, 0, 0)),
        "drug_exposure.parquet": ("omop-drug-exposure", (883, 883, 0, 0, 0)),
    }
    # Typed Parquet columns read as the CSV's text: the same rows, so the same fingerprints.
    land_eunomia(home, "csv-copy")
    again = ingest_exports(home)
    assert again["csv-copy/DRUG_EXPOSURE.csv"].duplicates == 883


def make_live_duckdb(path: Path) -> None:
    """A live OMOP database in DuckDB: the sample's tables, typed as CSV detection types them."""
    with duckdb.connect(str(path)) as live:
        live.execute("create schema cdm")
        for table in ("CONCEPT", "PERSON", "DRUG_EXPOSURE"):
            live.execute(
                f"create table cdm.{table.lower()} as select * from read_csv($path)",
                {"path": str(EUNOMIA / f"{table}.csv")},
            )


def pull_and_ingest(home: Path) -> tuple[list[dict], dict]:
    warehouse_path(home).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path(home))) as conn:
        run_sql_folder(conn, "schema")
        pulled = pull_sources(conn, home, LOG)
    return pulled, ingest_exports(home)


def test_a_live_duckdb_database_is_pulled_incrementally(home, tmp_path):
    live = tmp_path / "live-cdm.duckdb"
    make_live_duckdb(live)
    (home / CONFIG_NAME).write_text(
        f'[[omop_source]]\nname = "clinic"\nkind = "duckdb"\npath = "{live}"\nschema = "cdm"\n',
        encoding="utf-8",
    )
    pulled, outcomes = pull_and_ingest(home)
    assert [(p["table"], p["rows_read"], p["rows_landed"]) for p in pulled] == [
        ("concept", 162, 162), ("person", 28, 28), ("drug_exposure", 883, 883),
    ]  # fmt: skip
    drugs = next(o for path, o in outcomes.items() if "/drug_exposure/" in path)
    assert drugs.path.startswith("omop/clinic/drug_exposure/") and drugs.path.endswith(".parquet")
    assert counts(drugs) == (883, 883, 0, 0, 0)

    with duckdb.connect(str(live)) as db:
        # one new exposure, one whose end date changed, one changed only in a column
        # statinwatch does not read (so its landed row is a counted duplicate)
        db.execute(
            "insert into cdm.drug_exposure by name select 9001 as drug_exposure_id, "
            "7 as person_id, 1539463 as drug_concept_id, "
            "date '2022-09-01' as drug_exposure_start_date, "
            "date '2022-09-30' as drug_exposure_end_date, 32869 as drug_type_concept_id, "
            "'314231' as drug_source_value"
        )
        db.execute(
            "update cdm.drug_exposure set drug_exposure_end_date = drug_exposure_end_date - 5 "
            "where drug_exposure_id = 1"
        )
        db.execute("update cdm.drug_exposure set provider_id = 99 where drug_exposure_id = 2")
    pulled, outcomes = pull_and_ingest(home)
    assert [(p["table"], p["rows_read"], p["rows_landed"]) for p in pulled] == [
        ("concept", 162, 0), ("person", 28, 0), ("drug_exposure", 884, 3),
    ]  # fmt: skip
    (second,) = outcomes.values()
    assert counts(second) == (3, 2, 0, 1, 0)
    assert query(home, "select count(*) from raw.medications") == [(885,)]

    # Nothing changed: nothing lands, and no file is left behind half-written.
    pulled, outcomes = pull_and_ingest(home)
    assert [p["rows_landed"] for p in pulled] == [0, 0, 0] and outcomes == {}
    landed = sorted(p.name for p in (home / "landing" / "omop").rglob("*") if p.is_file())
    assert len(landed) == 4 and all(name.endswith(".parquet") for name in landed)


def test_a_source_configuration_is_validated(home):
    config = home / CONFIG_NAME
    config.write_text('[[omop_source]]\nname = "../x"\nkind = "duckdb"\n', encoding="utf-8")
    with pytest.raises(OmopConfigError, match="letters, digits"):
        load_sources(home)
    config.write_text(
        '[[omop_source]]\nname = "x"\nkind = "duckdb"\nschema = "cdm; drop table y"\n',
        encoding="utf-8",
    )
    with pytest.raises(OmopConfigError, match="not a plain identifier"):
        load_sources(home)
