"""Synthea CSV exports, older and newer headers, recognised by their header signature."""

from datetime import date

from tests.support.exports import assert_accounted, ingest_exports, land_fixture
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
    assert "nothing to read" in outcomes["encounters.csv"].reason
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
    assert outcomes["observations.csv"].rows_read == 6
    # None of this patient's conditions is a muscle symptom.
    assert outcomes["conditions.csv"].rows_read == 0


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
    outcomes = ingest_exports(home)
    assert {o.format for o in outcomes.values()} == {
        "synthea-patients", "synthea-conditions", "synthea-observations"
    }  # fmt: skip
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
