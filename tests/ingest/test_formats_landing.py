"""Exports are recognised by content wherever they land, and a whole run accounts for every
row of every sample export and flags the two stories told in FHIR and in Synthea CSV."""

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tests.support.exports import (
    assert_accounted,
    bundle,
    coding,
    ingest_exports,
    land_fixture,
    land_json,
)
from tests.support.home import csv_text, query, run_day

AS_OF = date(2026, 5, 1)
SAMPLE_SETS = {
    "smart-bulk-fhir": "fhir/bulk-export",
    "cms347": "fhir/cms347-test-cases",
    "synthea-dbt": "research/synthea",
    "fitbit": "wearables/fitabase",
    "apple-health": "exports/patient_id=A1/apple_health_export",
    "strava": "exports/patient_id=S1/strava",
    "garmin": "exports/patient_id=G1/garmin",
    "openmhealth": "exports/patient_id=O1/omh",
}
NOT_DATA = "exports/README.txt"
MIXED_BUNDLE = "fhir/mixed/bundle.json"


def _day(days_before: int) -> str:
    return (AS_OF - timedelta(days=days_before)).isoformat()


def fhir_story() -> dict:
    """Atorvastatin 40 mg started 6 weeks ago; myalgia and weakness this week; CK 3000 U/L with
    the lab's upper limit 200 (15× ULN)."""
    subject = {"reference": "urn:uuid:F1"}
    return bundle(
        {"resourceType": "Patient", "id": "F1", "gender": "male", "birthDate": "1958-09-01"},
        {"resourceType": "MedicationRequest", "id": "rx", "status": "active", "intent": "order",
         "subject": subject, "authoredOn": _day(42),
         "medicationCodeableConcept": coding("rxnorm", "617311", "atorvastatin 40 MG Oral Tablet"),
         "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
                                "doseAndRate": [{"doseQuantity": {"value": 40, "unit": "mg"}}]}]},
        {"resourceType": "Condition", "id": "myalgia", "subject": subject,
         "code": coding("snomed", "68962001", "Myalgia"), "onsetDateTime": _day(6)},
        {"resourceType": "Condition", "id": "weakness", "subject": subject,
         "code": coding("snomed", "26544005", "Muscle weakness"), "onsetDateTime": _day(4)},
        {"resourceType": "Observation", "id": "ck", "status": "final", "subject": subject,
         "category": [{"coding": [{"code": "laboratory"}]}],
         "code": coding("loinc", "2157-6", "Creatine kinase"), "effectiveDateTime": _day(2),
         "valueQuantity": {"value": 3000, "unit": "U/L", "code": "U/L"},
         "referenceRange": [{"high": {"value": 200, "unit": "U/L"}}]},
        kind="transaction",
    )  # fmt: skip


def coded_stories() -> dict:
    """R1: on atorvastatin, rhabdomyolysis coded (ICD-10 M62.82) 3 days ago and no CK, and a
    simvastatin intolerance on record since 2024. R2: myalgia this week, but the only statin
    order says doNotPerform (not prescribed for a medical reason), so no exposure."""
    r1, r2 = {"reference": "Patient/R1"}, {"reference": "Patient/R2"}
    atorvastatin = coding("rxnorm", "617311", "atorvastatin 40 MG Oral Tablet")
    return bundle(
        {"resourceType": "Patient", "id": "R1", "gender": "male", "birthDate": "1955-02-01"},
        {"resourceType": "MedicationRequest", "id": "r1-rx", "status": "active",
         "intent": "order", "subject": r1, "authoredOn": _day(200),
         "medicationCodeableConcept": atorvastatin},
        {"resourceType": "Condition", "id": "r1-rhabdo", "subject": r1,
         "clinicalStatus": {"coding": [{"code": "active"}]},
         "code": coding("icd10", "M62.82", "Rhabdomyolysis"), "onsetDateTime": _day(3)},
        {"resourceType": "AllergyIntolerance", "id": "r1-allergy", "patient": r1,
         "code": coding("rxnorm", "36567", "simvastatin"), "recordedDate": "2024-03-01"},
        {"resourceType": "Patient", "id": "R2", "gender": "female", "birthDate": "1962-07-01"},
        {"resourceType": "MedicationRequest", "id": "r2-rx", "status": "completed",
         "intent": "order", "doNotPerform": True, "subject": r2, "authoredOn": _day(60),
         "medicationCodeableConcept": atorvastatin},
        {"resourceType": "Condition", "id": "r2-myalgia", "subject": r2,
         "code": coding("snomed", "68962001", "Myalgia"), "onsetDateTime": _day(5)},
    )  # fmt: skip


def mixed_bundle() -> dict:
    """Patient M1's Bundle holding a resource about patient M2 as well (followed and counted)."""
    return bundle(
        {"resourceType": "Patient", "id": "M1", "gender": "female", "birthDate": "1970-01-01"},
        {"resourceType": "Condition", "id": "own", "subject": {"reference": "Patient/M1"},
         "code": coding("snomed", "38341003", "Hypertension"), "onsetDateTime": _day(30)},
        {"resourceType": "Condition", "id": "other", "subject": {"reference": "Patient/M2"},
         "code": coding("snomed", "38341003", "Hypertension"), "onsetDateTime": _day(30)},
    )  # fmt: skip


def land_synthea_story(home: Path) -> None:
    """The same story as a Synthea export of patient S1 (no reference range: sex default)."""
    folder = home / "landing" / "research" / "synthea-story"
    folder.mkdir(parents=True)
    files = {
        "patients.csv": csv_text(
            "Id,BIRTHDATE,DEATHDATE,FIRST,LAST,RACE,ETHNICITY,GENDER,INCOME",
            "SY1,1958-09-01,,Ann,Lee,white,nonhispanic,F,40000",
        ),
        "medications.csv": csv_text(
            "START,STOP,PATIENT,PAYER,ENCOUNTER,CODE,DESCRIPTION,BASE_COST,PAYER_COVERAGE,"
            "DISPENSES,TOTALCOST,REASONCODE,REASONDESCRIPTION",
            f"{_day(42)}T09:00:00Z,,SY1,p,e1,617311,atorvastatin 40 MG Oral Tablet,1,0,2,2,,",
        ),
        "conditions.csv": csv_text(
            "START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE,DESCRIPTION",
            f"{_day(6)},,SY1,e2,http://snomed.info/sct,68962001,Muscle pain (finding)",
            f"{_day(4)},,SY1,e2,http://snomed.info/sct,26544005,Muscle weakness (finding)",
        ),
        "observations.csv": csv_text(
            "DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS,TYPE",
            f"{_day(2)}T08:00:00Z,SY1,e3,laboratory,2157-6,Creatine kinase,3000,U/L,numeric",
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def landed_run(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("formats") / "home"
    for source, target in SAMPLE_SETS.items():
        land_fixture(home, source, target)
    # A Bundle in a native stream folder, under a name that says nothing: content decides.
    land_json(home, "medications/from-hospital/orders.txt", fhir_story())
    land_synthea_story(home)
    land_json(home, MIXED_BUNDLE, mixed_bundle())
    land_json(home, "fhir/coded/bundle.json", coded_stories())
    (home / "landing" / NOT_DATA).write_text("Exported by the clinic, see the folders.\n")
    assert run_day(home, AS_OF).success
    return home


def test_every_sample_file_is_recognised_and_accounted(landed_run):
    summary = json.loads(
        (landed_run / "reports" / AS_OF.isoformat() / "run_summary.json").read_text()
    )
    files = {entry["path"]: entry for entry in summary["files"]}
    landed = {
        path.relative_to(landed_run / "landing").as_posix()
        for path in (landed_run / "landing").rglob("*")
        if path.is_file()
    }
    assert set(files) == landed
    for entry in files.values():
        assert_accounted(entry)
        # The reasons of the skipped rows are counted per file, and add up to them.
        assert sum(entry["skipped_reasons"].values()) == entry["skipped"]
    # A resource about another patient than its Bundle's own is counted; the samples have none.
    others = {path: entry["other_patient_resources"] for path, entry in files.items()}
    assert {path: n for path, n in others.items() if n} == {MIXED_BUNDLE: 1}
    quarantined_whole = {path for path, entry in files.items() if entry["status"] == "quarantined"}
    assert quarantined_whole == {NOT_DATA}
    assert files[NOT_DATA]["reason"].startswith("not a recognised export")
    assert files["medications/from-hospital/orders.txt"]["stream"] == "fhir"
    assert {entry["stream"] for entry in files.values()} == {
        "fhir", "synthea", "fitbit", "apple_health", "strava", "garmin", "openmhealth", "gpx",
        "tcx", "external",
    }  # fmt: skip
    assert sum(entry["accepted"] for entry in files.values()) > 0
    # The sample exports hold rows statinwatch does not use (vital signs, inactive hours…).
    assert sum(entry["skipped"] for entry in files.values()) > 0


def test_the_same_story_is_urgent_from_fhir_and_from_synthea(landed_run):
    # CK 15× the upper limit with muscle symptoms: urgent (CONTRACT §5, clinical.md §2.2).
    cohort = pd.read_csv(landed_run / "reports" / AS_OF.isoformat() / "flagged_cohort.csv")
    by_patient = cohort.set_index("patient_id")
    assert by_patient.loc["F1", "priority"] == "urgent"
    assert "CK_GT_10X_ULN" in by_patient.loc["F1", "reasons"].split(";")
    assert by_patient.loc["F1", "statin"] == "atorvastatin"
    assert by_patient.loc["F1", "daily_dose_mg"] == 40
    assert by_patient.loc["SY1", "priority"] == "urgent"
    assert "CK_GT_10X_ULN" in by_patient.loc["SY1", "reasons"].split(";")


def test_coded_diagnoses_and_orders_never_given_decide_as_the_contract_says(landed_run):
    cohort = pd.read_csv(landed_run / "reports" / AS_OF.isoformat() / "flagged_cohort.csv")
    by_patient = cohort.set_index("patient_id")
    # CONTRACT §5: a recorded non-traumatic rhabdomyolysis is urgent, CK or not; the statin
    # intolerance on record is named as a risk modifier.
    assert by_patient.loc["R1", "priority"] == "urgent"
    reasons = by_patient.loc["R1", "reasons"].split(";")
    assert {"RHABDOMYOLYSIS_DIAGNOSED", "STATIN_INTOLERANCE_HISTORY"} <= set(reasons)
    # An order not to give the statin is no exposure: never in the cohort.
    assert "R2" not in by_patient.index


def test_each_stream_validated_what_exports_brought(landed_run):
    unvalidated = query(
        landed_run, "select count(*) from ingest.file_streams where validated_at is null"
    )
    assert unvalidated == [(0,)]


def test_content_decides_not_folder_or_extension(home, land):
    land(
        "labs", "native.csv", csv_text("patient_id,collected_at,test,value", "P1,2026-04-01,CK,90")
    )
    land("labs", "bundle.json.part", "{}")  # a partial download waits
    land("reviews", "r.csv", "patient_id,decision\n")  # another asset's folder
    land("exports", "unknown.csv", csv_text("when,what", "today,something"))
    land_json(home, "labs/ck.ndjson", [{"resourceType": "Patient", "id": "X1"}], lines=True)
    outcomes = ingest_exports(home)
    assert {path: (o.stream, o.format, o.status) for path, o in outcomes.items()} == {
        "exports/unknown.csv": ("external", "unknown", "quarantined"),
        "labs/ck.ndjson": ("fhir", "fhir-ndjson", "ingested"),
    }
