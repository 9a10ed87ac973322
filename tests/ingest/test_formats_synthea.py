"""Synthea CSV exports, older and newer headers, recognised by their header signature."""

from datetime import date

from tests.support.exports import (
    assert_accounted,
    file_streams,
    ingest_exports,
    land_fixture,
    skipped_reasons,
)
from tests.support.home import csv_text, query

PATIENT = "9e886a7a-8005-c51c-1c8a-80fd103ec297"
# Synthea 3.x headers: SYSTEM in conditions, MIDDLE / FIPS / INCOME in patients.
NEW_PATIENTS = (
    "Id,BIRTHDATE,DEATHDATE,SSN,DRIVERS,PASSPORT,PREFIX,FIRST,MIDDLE,LAST,SUFFIX,MAIDEN,MARITAL,"
    "RACE,ETHNICITY,GENDER,BIRTHPLACE,ADDRESS,CITY,STATE,COUNTY,FIPS,ZIP,LAT,LON,"
    "HEALTHCARE_EXPENSES,HEALTHCARE_COVERAGE,INCOME"
)
NEW_CONDITIONS = "START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE,DESCRIPTION"
OBSERVATIONS = "DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS,TYPE"


def test_an_older_synthea_export_folder(home):
    land_fixture(home, "synthea-dbt", "research/synthea-v3.0")
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    assert {name: o.format for name, o in outcomes.items()} == {
        "patients.csv": "synthea-patients",
        "medications.csv": "synthea-medications",
        "conditions.csv": "synthea-conditions",
        "observations.csv": "synthea-observations",
        "encounters.csv": "synthea-other",
    }
    for outcome in outcomes.values():
        assert (outcome.stream, outcome.status, outcome.quarantined) == ("synthea", "ingested", 0)
        assert_accounted(outcome)
    # Every record of a Synthea CSV is a row read, even of a file statinwatch does not use.
    assert "nothing in it is used" in outcomes["encounters.csv"].reason
    assert (outcomes["encounters.csv"].rows_read, outcomes["encounters.csv"].skipped) == (3, 3)
    assert query(home, "select patient_id, birth_date, sex from raw.patients") == [
        (PATIENT, date(1955, 6, 22), "F")
    ]
    statins = query(
        home,
        "select drug, rxnorm, cast(start_date as varchar), cast(end_date as varchar), status "
        "from raw.medications where rxnorm = '314231' order by start_date",
    )
    assert len(statins) == 10
    assert statins[0] == (
        "Simvastatin 10 MG Oral Tablet", "314231", "2014-04-23", "2023-04-21", "completed"
    )  # fmt: skip
    assert statins[-1] == ("Simvastatin 10 MG Oral Tablet", "314231", "2023-04-21", None, "active")
    # Laboratory results are kept by LOINC code; vital signs are not lab rows.
    labs = query(home, "select test, value, unit from raw.labs order by test")
    assert len(labs) == 6
    assert ("38483-4", 3.2, "mg/dL") in labs
    # 9 observations: 6 laboratory results, 3 vital signs skipped.
    observations = outcomes["observations.csv"]
    assert (observations.rows_read, observations.accepted, observations.skipped) == (9, 6, 3)
    assert skipped_reasons(home, "research/synthea-v3.0/observations.csv") == {
        "Synthea observation that is not a laboratory result or dark urine": 3
    }
    # None of this patient's 5 conditions is a muscle symptom: all read, all skipped.
    conditions = outcomes["conditions.csv"]
    assert (conditions.rows_read, conditions.accepted, conditions.skipped) == (5, 0, 5)


def test_a_newer_synthea_export_with_ck_and_muscle_conditions(home, land):
    land(
        "exports/synthea-3.3/patients.csv",
        "",
        csv_text(
            NEW_PATIENTS,
            "S7,1961-02-03,,999-1,,,Mr.,Al,B,Cox,,,M,white,nonhispanic,M,Here,1 Road,Town,"
            "MA,Suffolk County,25025,02115,42.3,-71.1,1000.5,200.1,52000",
        ),
    )
    land(
        "exports/synthea-3.3/conditions.csv",
        "",
        csv_text(
            NEW_CONDITIONS,
            "2026-04-20,,S7,e1,http://snomed.info/sct,68962001,Muscle pain (finding)",
            "2026-04-22,,S7,e1,http://snomed.info/sct,26544005,Muscle weakness (finding)",
            "2026-01-01,,S7,e0,http://snomed.info/sct,38341003,Hypertension",
        ),
    )
    land(
        "exports/synthea-3.3/observations.csv",
        "",
        csv_text(
            OBSERVATIONS,
            "2026-04-23T09:00:00Z,S7,e2,laboratory,2157-6,Creatine kinase,3000,U/L,numeric",
            "2026-04-23T09:00:00Z,S7,e2,vital-signs,8302-2,Body Height,180,cm,numeric",
            "2026-04-23T09:00:00Z,S7,e2,laboratory,5778-6,Color of Urine,Dark,{nominal},text",
        ),
    )
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    assert {o.format for o in outcomes.values()} == {
        "synthea-patients", "synthea-conditions", "synthea-observations"
    }  # fmt: skip
    # 2 of 3 conditions and 2 of 3 observations carry statinwatch data; the rest is skipped.
    counts = {
        name: (o.rows_read, o.accepted, o.quarantined, o.duplicates, o.skipped)
        for name, o in outcomes.items()
    }
    assert counts == {
        "patients.csv": (1, 1, 0, 0, 0),
        "conditions.csv": (3, 2, 0, 0, 1),
        "observations.csv": (3, 2, 0, 0, 1),
    }
    assert query(home, "select patient_id, sex from raw.patients") == [("S7", "M")]
    assert query(
        home,
        "select cast(reported_at as varchar), symptom, dark_urine from raw.symptoms "
        "order by reported_at",
    ) == [
        ("2026-04-20 00:00:00", "myalgia", None),
        ("2026-04-22 00:00:00", "weakness", None),
        # Urine colour "Dark" is the dark urine the contract escalates (§5), not a lab value.
        ("2026-04-23 09:00:00", "dark urine", True),
    ]
    assert query(
        home,
        "select cast(collected_at as varchar), utc_offset_min, test, value, unit from raw.labs",
    ) == [("2026-04-23 09:00:00", 0, "CK", 3000.0, "U/L")]


def test_only_a_dark_urine_colour_is_a_dark_urine_report(home, land):
    colours = ("Dark", "Brown", "Cola colored", "Yellow", "Red", "Amber", "Dark yellow")
    land(
        "exports/synthea-3.3/observations.csv",
        "",
        csv_text(
            OBSERVATIONS,
            *(
                f"2026-04-{10 + day}T09:00:00Z,S7,e{day},laboratory,5778-6,Color of Urine,"
                f"{colour},{{nominal}},text"
                for day, colour in enumerate(colours)
            ),
        ),
    )
    (outcome,) = ingest_exports(home).values()
    assert_accounted(outcome)
    reported = query(home, "select notes from raw.symptoms where dark_urine order by reported_at")
    # Myoglobinuria is tea- or cola-coloured; red is more often blood, and dark yellow or amber
    # is concentrated urine.
    assert [notes for (notes,) in reported] == [
        "Observation: Color of Urine = Dark (LOINC 5778-6)",
        "Observation: Color of Urine = Brown (LOINC 5778-6)",
        "Observation: Color of Urine = Cola colored (LOINC 5778-6)",
    ]


MUSCLE_CONDITIONS = (
    ("68962001", "Muscle pain (finding)"),
    ("26544005", "Muscle weakness (finding)"),
    ("55300003", "Cramp (finding)"),
)
OTHER_CONDITIONS = (
    ("38341003", "Hypertension"),
    ("224299000", "Received higher education (finding)"),
    ("73595000", "Stress (finding)"),
)


def test_conditions_that_are_not_muscle_symptoms_are_read_and_skipped(home, land):
    # 1,000 conditions of which 12 are muscle symptoms (SNOMED codes of
    # vocabulary/muscle_symptom_codes.csv), each on its own day so none repeats another.
    rows, muscle = [], 0
    for number in range(1000):
        is_muscle = number % 83 == 0 and muscle < 12
        code, description = (MUSCLE_CONDITIONS if is_muscle else OTHER_CONDITIONS)[number % 3]
        muscle += is_muscle
        day = date(2020, 1, 1).toordinal() + number
        rows.append(f"{date.fromordinal(day)},,S{number % 7},e{number},{code},{description}")
    assert muscle == 12
    land(
        "exports/synthea/conditions.csv",
        "",
        csv_text("START,STOP,PATIENT,ENCOUNTER,CODE,DESCRIPTION", *rows),
    )
    (outcome,) = ingest_exports(home).values()
    assert (
        outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
        outcome.skipped,
    ) == (1000, 12, 0, 0, 988)  # fmt: skip
    assert skipped_reasons(home, "exports/synthea/conditions.csv") == {
        "Synthea condition that is not a muscle symptom": 988
    }
    assert query(home, "select count(*) from raw.symptoms") == [(12,)]


def test_an_observation_is_read_once_even_where_two_mappings_could_take_it(home, land):
    # Without a TYPE column every laboratory observation looks numeric, so a urine colour
    # could be both a lab row and a dark-urine report; it is one row read, the report.
    land(
        "exports/synthea-2/observations.csv",
        "",
        csv_text(
            "DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS",
            "2026-04-23T09:00:00Z,S7,e2,laboratory,2157-6,Creatine kinase,3000,U/L",
            "2026-04-23T09:00:00Z,S7,e2,laboratory,5778-6,Color of Urine,Dark brown,{nominal}",
            "2026-04-24T09:00:00Z,S7,e3,laboratory,5778-6,Color of Urine,Yellow,{nominal}",
            "2026-04-23T09:00:00Z,S7,e2,vital-signs,8302-2,Body Height,180,cm",
        ),
    )
    (outcome,) = ingest_exports(home).values()
    assert (
        outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
        outcome.skipped,
    ) == (4, 2, 0, 0, 2)  # fmt: skip
    assert query(home, "select test from raw.labs") == [("CK",)]
    assert query(home, "select symptom from raw.symptoms") == [("dark urine",)]
    assert file_streams(home, "exports/synthea-2/observations.csv") == {
        "labs": (1, 1, 0, 0, 0),
        "symptoms": (1, 1, 0, 0, 0),
        "synthea": (2, 0, 0, 0, 2),
    }
