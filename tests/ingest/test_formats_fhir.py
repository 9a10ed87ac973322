"""FHIR R4 Bundles and Bulk Data NDJSON mapped onto the native streams, value by value."""

from datetime import date

import duckdb
import pytest

from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.paths import warehouse_path
from statinwatch.staging.staged_tables import stage
from tests.support.exports import (
    assert_accounted,
    bundle,
    coding,
    file_streams,
    ingest_exports,
    land_fixture,
    land_json,
    skipped_reasons,
)
from tests.support.home import query

PATIENT = {"resourceType": "Patient", "id": "F9", "gender": "female", "birthDate": "1950-03-04"}
SUBJECT = {"reference": "urn:uuid:F9"}


def test_bulk_ndjson_patients_statin_requests_and_muscle_pain(home):
    land_fixture(home, "smart-bulk-fhir", "fhir/bulk")
    outcomes = ingest_exports(home)
    assert {o.format for o in outcomes.values()} == {"fhir-ndjson"}
    for outcome in outcomes.values():
        assert (outcome.stream, outcome.status, outcome.quarantined) == ("fhir", "ingested", 0)
        assert_accounted(outcome)
    assert query(
        home, "select birth_date, sex from raw.patients where patient_id = ?",
        ["7bc002fa-dc52-17d6-1563-fd8901826f7d"],
    ) == [(date(1978, 5, 12), "F")]  # fmt: skip
    requests = query(
        home,
        "select drug, rxnorm, dose_mg, doses_per_day, cast(start_date as varchar), status, "
        "record_type from raw.medications where rxnorm = '314231' order by start_date",
    )
    # Synthea writes the dose as a bare count of units: 1 tablet of simvastatin 10 mg a day.
    assert requests[-1] == (
        "Simvastatin 10 MG Oral Tablet", "314231", 10.0, 1.0, "2022-06-12", "active",
        "prescription",
    )  # fmt: skip
    assert [r[5] for r in requests] == ["stopped", "stopped", "active"]
    assert query(
        home,
        "select cast(reported_at as varchar), utc_offset_min, symptom, notes from raw.symptoms "
        "where patient_id = 'ca15b832-01e4-41dd-6a52-97bd3e5510cb' order by reported_at",
    ) == [
        # Its onset and, four weeks later, its abatement: the last day it was present.
        ("2021-01-23 13:45:24", -300, "myalgia", "Condition: Muscle pain (finding) (snomed 68962001)"),
        ("2021-02-20 16:48:24", -300, "myalgia", "Condition: Muscle pain (finding) (snomed 68962001), abated"),
    ]  # fmt: skip


def test_cms347_bundles_statin_order_intolerance_and_statin_myalgia(home):
    land_fixture(home, "cms347", "fhir/cms347")
    outcomes = ingest_exports(home)
    assert len(outcomes) == 4
    for outcome in outcomes.values():
        assert (outcome.format, outcome.status) == ("fhir-json", "ingested")
        assert_accounted(outcome)
    # QD timing, boundsPeriod dates; an oral suspension's dose is a volume, so no dose_mg.
    assert query(
        home,
        "select drug, rxnorm, dose_mg, doses_per_day, cast(start_date as varchar), "
        "cast(end_date as varchar), status from raw.medications "
        "where patient_id = '019bf4e8-68b3-476d-ac64-a4ba0aa368c5'",
    ) == [("simvastatin 4 MG/ML Oral Suspension", "1790679", None, 1.0, "2025-01-01", "2025-01-31", "active")]  # fmt: skip
    symptoms = dict(
        query(
            home,
            "select patient_id, symptom || ' | ' || notes from raw.symptoms "
            "where patient_id in ('0045ec92-0b70-4961-8a7c-41b5c43d53a1', "
            "'3dd27b30-058d-409a-84eb-252d40470597', '68d4cf43-ea72-4eaf-8021-8775bc449f66')",
        )
    )
    assert symptoms == {
        "0045ec92-0b70-4961-8a7c-41b5c43d53a1":
            "statin intolerance | AllergyIntolerance: statin intolerance (rosuvastatin)",
        "3dd27b30-058d-409a-84eb-252d40470597":
            "statin intolerance | AdverseEvent: statin intolerance (rosuvastatin)",
        "68d4cf43-ea72-4eaf-8021-8775bc449f66":
            "myalgia | Condition: Myalgia caused by statin (finding) (snomed 16462851000119106)",
    }  # fmt: skip


def _medication_request() -> dict:
    """Atorvastatin 20 mg, 2 tablets twice a day, 30-day supply with 2 refills."""
    return {
        "resourceType": "MedicationRequest", "id": "mr1", "status": "active", "intent": "order",
        "subject": SUBJECT, "authoredOn": "2026-03-02T09:00:00+01:00",
        "medicationReference": {"reference": "urn:uuid:med1"},
        "dosageInstruction": [{
            "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "tablet"}}],
        }],
        "dispenseRequest": {
            "numberOfRepeatsAllowed": 2,
            "expectedSupplyDuration": {"value": 30, "unit": "days", "code": "d"},
        },
    }  # fmt: skip


def test_a_built_bundle_maps_every_resource_kind(home):
    resources = [
        PATIENT,
        {"resourceType": "Medication", "id": "med1",
         "code": {**coding("rxnorm", "617310", "atorvastatin 20 MG Oral Tablet"), "text": "Lipitor 20 mg"}},
        _medication_request(),
        {"resourceType": "MedicationDispense", "id": "md1", "status": "completed",
         "subject": SUBJECT, "whenHandedOver": "2026-03-03",
         "medicationCodeableConcept": coding("rxnorm", "617311", "atorvastatin 40 MG Oral Tablet"),
         "quantity": {"value": 30}, "daysSupply": {"value": 30, "unit": "Day", "code": "d"},
         "dosageInstruction": [{"doseAndRate": [{"doseQuantity": {"value": 40, "unit": "mg"}}]}]},
        {"resourceType": "MedicationStatement", "id": "ms1", "status": "completed",
         "subject": SUBJECT, "effectivePeriod": {"start": "2025-01-01", "end": "2025-06-30"},
         "medicationReference": {"reference": "#c1"},
         "contained": [{"resourceType": "Medication", "id": "c1", "code": {"text": "Zocor 20 mg"}}]},
        {"resourceType": "MedicationRequest", "id": "mr2", "status": "entered-in-error",
         "intent": "order", "subject": SUBJECT, "authoredOn": "2026-03-01",
         "medicationCodeableConcept": {"text": "rosuvastatin 10 mg"}},
        {"resourceType": "Observation", "id": "ck1", "status": "final", "subject": SUBJECT,
         "code": coding("loinc", "2157-6", "Creatine kinase"),
         "effectiveDateTime": "2026-04-20T08:30:00-05:00",
         "valueQuantity": {"value": 950, "unit": "U/L", "code": "U/L"},
         "referenceRange": [{"low": {"value": 30}}, {"high": {"value": 190, "unit": "U/L"}}]},
        {"resourceType": "Observation", "id": "ex1", "status": "final", "subject": SUBJECT,
         "code": coding("loinc", "55411-3", "Exercise duration"),
         "effectivePeriod": {"start": "2026-04-18T07:00:00", "end": "2026-04-18T08:30:00"},
         "valueQuantity": {"value": 1.5, "unit": "h", "code": "h"},
         "component": [{"code": coding("loinc", "73985-4", "Exercise activity"),
                        "valueCodeableConcept": {"text": "Hiking"}}]},
        {"resourceType": "Condition", "id": "c2", "subject": SUBJECT,
         "code": coding("icd10", "M7910", "Myalgia, unspecified site"),
         "onsetDateTime": "2026-04-19", "bodySite": [{"text": "Thigh"}]},
        {"resourceType": "Condition", "id": "c3", "subject": SUBJECT,
         "code": coding("snomed", "38341003", "Hypertension"), "onsetDateTime": "2020-01-01"},
    ]  # fmt: skip
    land_json(home, "fhir/hospital/bundle.json", bundle(*resources, kind="searchset"))
    (outcome,) = ingest_exports(home).values()
    # Every resource is a row read: 1 patient, 3 medication records + 1 refused, 1 lab,
    # 1 session, 1 symptom; the Medication and the hypertension are skipped.
    assert (
        outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
        outcome.skipped,
    ) == (10, 7, 1, 0, 2)  # fmt: skip
    assert skipped_reasons(home, "fhir/hospital/bundle.json") == {
        "FHIR Medication: read only as the drug of the records that name it": 1,
        "FHIR Condition that is not a muscle symptom": 1,
    }
    assert query(home, "select patient_id, sex from raw.patients") == [("F9", "F")]
    medications = query(
        home,
        "select record_type, drug, rxnorm, dose_mg, doses_per_day, cast(start_date as varchar), "
        "cast(end_date as varchar), days_supply, status from raw.medications order by line",
    )
    # 2 tablets of atorvastatin 20 mg (RxNorm 617310) twice a day: 40 mg, 2 times a day.
    assert medications == [
        ("prescription", "Lipitor 20 mg", "617310", 40.0, 2.0, "2026-03-02", None, 90, "active"),
        ("dispense", "atorvastatin 40 MG Oral Tablet", "617311", 40.0, 1.0, "2026-03-03", None, 30, "completed"),
        ("statement", "Zocor 20 mg", None, None, 1.0, "2025-01-01", "2025-06-30", None, "completed"),
    ]  # fmt: skip
    assert query(home, "select line, reason from ingest.quarantine") == [
        (6, "FHIR MedicationRequest status entered-in-error: not a medication exposure")
    ]
    assert query(
        home,
        "select cast(collected_at as varchar), utc_offset_min, test, value, unit, ref_high "
        "from raw.labs",
    ) == [("2026-04-20 08:30:00", -300, "CK", 950.0, "U/L", 190.0)]
    assert query(
        home, "select cast(start_time as varchar), duration_min, activity from raw.exercise"
    ) == [("2026-04-18 07:00:00", 90.0, "hiking")]
    assert query(home, "select symptom, body_site, notes from raw.symptoms") == [
        ("myalgia", "thigh", "Condition: Myalgia, unspecified site (icd10 M7910)")
    ]


QUESTIONNAIRE = "https://example.org/fhir/Questionnaire/statinwatch-muscle-symptoms"


def _response(status: str, items: list[dict]) -> dict:
    return {
        "resourceType": "QuestionnaireResponse", "questionnaire": QUESTIONNAIRE, "status": status,
        "subject": {"reference": "Patient/F9"}, "authored": "2026-04-25T10:00:00Z", "item": items,
    }  # fmt: skip


def test_questionnaire_responses_become_one_symptom_row_per_answer(home):
    answered = _response(
        "completed",
        [
            {"linkId": "symptom", "answer": [{"valueCoding": {"code": "myalgia"}},
                                             {"valueCoding": {"code": "weakness"}}]},
            {"linkId": "onset", "answer": [{"valueDate": "2026-04-20"}]},
            {"linkId": "severity", "answer": [{"valueInteger": 6}]},
            {"linkId": "location", "item": [
                {"linkId": "body-site", "answer": [{"valueString": "Thigh"}, {"valueString": "hip"}]},
                {"linkId": "side", "answer": [{"valueCoding": {"code": "both"}}]},
            ]},
            {"linkId": "nocturnal", "answer": [{"valueBoolean": True}]},
            {"linkId": "dark-urine", "answer": [{"valueBoolean": False}]},
        ],
    )  # fmt: skip
    free_text = _response("amended", [{"linkId": "notes", "answer": [{"valueString": "calves cramp at night"}]}])  # fmt: skip
    nothing = _response("completed", [{"linkId": "notes", "answer": [{"valueString": "no pain, legs fine"}]}])  # fmt: skip
    unfinished = _response("in-progress", answered["item"])
    land_json(home, "fhir/pro.ndjson", [answered, free_text, nothing, unfinished], lines=True)
    (outcome,) = ingest_exports(home).values()
    # Four responses read; the first gives two symptom rows and still counts once, as does
    # the unfinished one, quarantined once per symptom it names.
    assert (outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.skipped) == (
        4, 2, 2, 0,
    )  # fmt: skip
    assert query(
        home,
        "select line, cast(reported_at as varchar), symptom, severity, body_site, side, "
        "nocturnal, dark_urine from raw.symptoms order by line, symptom",
    ) == [
        (1, "2026-04-20 00:00:00", "myalgia", 6.0, "thigh, hip", "both", True, False),
        (1, "2026-04-20 00:00:00", "weakness", 6.0, "thigh, hip", "both", True, False),
        (2, "2026-04-25 10:00:00", "cramp", None, None, None, None, None),
    ]  # fmt: skip
    assert query(home, "select line, reason from ingest.quarantine order by line, reason") == [
        (3, "questionnaire reports no muscle symptom"),
        (4, "FHIR QuestionnaireResponse status in-progress: not a completed report"),
        (4, "FHIR QuestionnaireResponse status in-progress: not a completed report"),
    ]


@pytest.mark.parametrize(
    ("reaction", "symptoms"),
    [
        ({"manifestation": [coding("snomed", "26544005", "Muscle weakness")]},
         [("statin intolerance",), ("weakness",)]),
        ({"manifestation": [{"text": "aching thighs"}]}, [("myalgia",), ("statin intolerance",)]),
        ({"description": "rash"}, [("statin intolerance",)]),
    ],
)  # fmt: skip
def test_statin_intolerance_is_recorded_with_its_muscle_reaction(home, reaction, symptoms):
    allergy = {
        "resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/F9"},
        "code": {"text": "Crestor"}, "recordedDate": "2026-02-01", "reaction": [reaction],
    }  # fmt: skip
    penicillin = {**allergy, "code": {"text": "penicillin"}}
    land_json(home, "fhir/allergy.json", bundle(allergy, penicillin))
    ingest_exports(home)
    # The intolerance itself (a risk modifier), and a muscle reaction as a symptom of its own.
    assert query(home, "select symptom from raw.symptoms order by symptom") == symptoms


def test_ndjson_lines_that_are_not_resources_are_quarantined_by_line(home):
    path = land_json(home, "fhir/Patient.ndjson", [PATIENT], lines=True)
    path.write_text(path.read_text() + '{"id": "x"}\nnot json\n', encoding="utf-8")
    (outcome,) = ingest_exports(home).values()
    assert (outcome.rows_read, outcome.accepted, outcome.quarantined) == (3, 1, 2)
    assert query(home, "select line, reason from ingest.quarantine order by line") == [
        (2, "JSON object without resourceType: not a FHIR resource"),
        (3, "invalid JSON object on this line"),
    ]


def test_resources_statinwatch_does_not_use_are_read_and_skipped_with_their_reason(home):
    encounter = {"resourceType": "Encounter", "status": "finished", "subject": SUBJECT}
    resources = [
        PATIENT,
        encounter,
        {**encounter, "id": "e2"},
        {"resourceType": "Practitioner", "id": "doc1", "name": [{"family": "Ada"}]},
        {"resourceType": "Organization", "id": "org1", "name": "Clinic"},
        {"resourceType": "Observation", "status": "final", "subject": SUBJECT,
         "category": [{"coding": [{"code": "vital-signs"}]}],
         "code": coding("loinc", "29463-7", "Body weight"), "effectiveDateTime": "2026-04-01",
         "valueQuantity": {"value": 80, "unit": "kg"}},
        {"resourceType": "Condition", "subject": SUBJECT, "onsetDateTime": "2020-01-01",
         "code": coding("snomed", "38341003", "Hypertension")},
        {"resourceType": "AllergyIntolerance", "patient": SUBJECT, "code": {"text": "penicillin"},
         "recordedDate": "2026-02-01"},
        # Not a type name: the reason must not carry the file's free text into metadata.
        {"resourceType": "Ann Lee, born 1950", "id": "odd"},
    ]  # fmt: skip
    document = bundle(*resources)
    document["entry"].append({"fullUrl": "urn:uuid:nothing"})  # an entry with no resource
    land_json(home, "fhir/encounters.json", document)
    (outcome,) = ingest_exports(home).values()
    # Ten entries read: the patient accepted, the empty entry quarantined, the rest skipped.
    assert (
        outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.duplicates,
        outcome.skipped,
    ) == (10, 1, 1, 0, 8)  # fmt: skip
    assert skipped_reasons(home, "fhir/encounters.json") == {
        "FHIR resource type Encounter not used": 2,
        "FHIR resource type Practitioner not used": 1,
        "FHIR resource type Organization not used": 1,
        "FHIR Observation that is not a laboratory result, an exercise duration or a heart rate": 1,
        "FHIR Condition that is not a muscle symptom": 1,
        "FHIR AllergyIntolerance that names no statin": 1,
        "FHIR resource of no known type": 1,
    }
    assert query(home, "select line, reason from ingest.quarantine") == [
        (10, "entry without resourceType: not a FHIR resource")
    ]
    # The file's shares: what each stream took, and under its family what no stream took.
    assert file_streams(home, "fhir/encounters.json") == {
        "patients": (1, 1, 0, 0, 0),
        "fhir": (9, 0, 1, 0, 8),
    }


def test_a_resource_two_mappings_would_take_is_read_once_by_the_first(home):
    # Coded as an exercise duration yet filed under laboratory: the exercise mapping comes
    # first, so it is one session and no lab result, and one row read.
    session = {
        "resourceType": "Observation", "status": "final", "subject": SUBJECT,
        "category": [{"coding": [{"code": "laboratory"}]}],
        "code": coding("loinc", "55411-3", "Exercise duration"),
        "effectiveDateTime": "2026-04-18T07:00:00", "valueQuantity": {"value": 45, "unit": "min"},
    }  # fmt: skip
    land_json(home, "fhir/session.json", bundle(session))
    (outcome,) = ingest_exports(home).values()
    assert (outcome.rows_read, outcome.accepted, outcome.skipped) == (1, 1, 0)
    assert query(home, "select duration_min from raw.exercise") == [(45.0,)]
    assert query(home, "select count(*) from raw.labs") == [(0,)]


def _dosage(dose: dict | None = None, repeat: dict | None = None, code: str | None = None) -> dict:
    """A FHIR R4 Dosage: doseAndRate.doseQuantity, Timing.repeat and Timing.code."""
    timing: dict = {}
    if repeat:
        timing["repeat"] = repeat
    if code:
        timing["code"] = {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "code": code,
        }]}  # fmt: skip
    dosage: dict = {"timing": timing} if timing else {}
    if dose:
        dosage["doseAndRate"] = [{"doseQuantity": dose}]
    return dosage


MG = {"unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}
TABLETS = {"unit": "tablet", "system": "http://unitsofmeasure.org", "code": "{tbl}"}
DAILY = {"frequency": 1, "period": 1, "periodUnit": "d"}


@pytest.mark.parametrize(
    ("medication", "dosage", "dose_mg", "doses_per_day", "daily_dose_mg"),
    [
        # 40 mg twice a day: the dose is the strength of one administration.
        (
            {"text": "atorvastatin 40 mg oral tablet"},
            _dosage({"value": 40, **MG}, {"frequency": 2, "period": 1, "periodUnit": "d"}),
            40.0, 2.0, 80.0,
        ),
        # 2 tablets of atorvastatin 20 mg once daily: 40 mg once a day (strength from the text).
        ({"text": "atorvastatin 20 mg oral tablet"}, _dosage({"value": 2, **TABLETS}, DAILY),
         40.0, 1.0, 40.0),
        # 1 tablet every 12 hours of RxNorm 617311 (atorvastatin 40 MG Oral Tablet).
        (
            coding("rxnorm", "617311", "atorvastatin 40 MG Oral Tablet"),
            _dosage({"value": 1, **TABLETS}, {"frequency": 1, "period": 12, "periodUnit": "h"}),
            40.0, 2.0, 80.0,
        ),
        # A mass in grams, three times a day by timing code.
        ({"text": "Zocor 10 mg"}, _dosage({"value": 0.01, "unit": "g", "code": "g"}, code="TID"),
         10.0, 3.0, 30.0),
        # One tablet every other day: half an administration a day.
        ({"text": "rosuvastatin 20 mg tablet"},
         _dosage({"value": 1, **TABLETS}, {"frequency": 1, "period": 2, "periodUnit": "d"}),
         20.0, 0.5, 10.0),
        # Tablets of a strength nobody names: no dose_mg rather than a guess.
        ({"text": "atorvastatin"}, _dosage({"value": 2, **TABLETS}, DAILY), None, 1.0, None),
        # No timing: doses_per_day is left empty and the contract's default (1) applies.
        ({"text": "pravastatin 40 mg"}, _dosage({"value": 40, **MG}), 40.0, 1.0, 40.0),
    ],
)  # fmt: skip
def test_dosage_maps_to_strength_per_administration_and_administrations_per_day(
    home, medication, dosage, dose_mg, doses_per_day, daily_dose_mg
):
    request = {
        "resourceType": "MedicationRequest", "status": "active", "intent": "order",
        "subject": SUBJECT, "authoredOn": "2026-03-02", "medicationCodeableConcept": medication,
        "dosageInstruction": [dosage],
    }  # fmt: skip
    land_json(home, "fhir/order.json", bundle(request))
    ingest_exports(home)
    assert query(home, "select dose_mg, doses_per_day from raw.medications") == [
        (dose_mg, doses_per_day)
    ]
    # Staging's daily dose (strength × administrations a day) comes out right from them.
    with duckdb.connect(str(warehouse_path(home))) as conn:
        stage(conn, STREAM_SPECS["medications"])
        staged = conn.execute("select daily_dose_mg from staging.medications").fetchall()
    assert staged == [(daily_dose_mg,)]


def _order(order_id: str, **fields) -> dict:
    """A simvastatin 20 mg order authored on 2026-03-01, changed by `fields`."""
    return {
        "resourceType": "MedicationRequest", "id": order_id, "status": "active",
        "intent": "order", "subject": SUBJECT, "authoredOn": "2026-03-01",
        "medicationCodeableConcept": coding("rxnorm", "312961", "simvastatin 20 MG Oral Tablet"),
        **fields,
    }  # fmt: skip


def test_orders_never_given_are_skipped_with_their_reason_and_others_kept(home):
    resources = [
        PATIENT,
        _order("given"),
        _order("refused", doNotPerform=True, status="completed"),
        _order("planned", intent="plan"),
        _order("proposed", intent="proposal"),
        _order("cancelled", status="cancelled"),
        _order("draft", status="draft"),
        _order("held", status="on-hold", statusChanged="2026-03-20"),
        {"resourceType": "MedicationStatement", "id": "nt", "status": "not-taken",
         "subject": SUBJECT, "effectiveDateTime": "2026-03-01",
         "medicationCodeableConcept": {"text": "simvastatin 20 mg"}},
        {"resourceType": "MedicationDispense", "id": "dd", "status": "declined",
         "subject": SUBJECT, "whenPrepared": "2026-03-02",
         "medicationCodeableConcept": {"text": "simvastatin 20 mg"}},
    ]  # fmt: skip
    land_json(home, "fhir/orders.json", bundle(*resources))
    (outcome,) = ingest_exports(home).values()
    assert_accounted(outcome)
    counts = (outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.skipped)
    assert counts == (10, 3, 0, 7)
    assert skipped_reasons(home, "fhir/orders.json") == {
        "FHIR MedicationRequest doNotPerform: an order not to give the drug": 1,
        "FHIR MedicationRequest intent plan: not an order": 1,
        "FHIR MedicationRequest intent proposal: not an order": 1,
        "FHIR MedicationRequest status cancelled: never in force": 1,
        "FHIR MedicationRequest status draft: never in force": 1,
        "FHIR MedicationStatement status not-taken: not taken": 1,
        "FHIR MedicationDispense status declined: not handed over": 1,
    }
    # The order on hold ends the day its status changed; the active one stays open.
    assert query(
        home,
        "select cast(start_date as varchar), cast(end_date as varchar), status "
        "from raw.medications order by status",
    ) == [("2026-03-01", None, "active"), ("2026-03-01", "2026-03-20", "stopped")]


def test_a_suspension_dose_in_ml_has_a_mass_and_without_a_volume_none(home):
    suspension = coding("rxnorm", "1944264", "simvastatin 8 MG/ML Oral Suspension")
    with_volume = _order(
        "ml", medicationCodeableConcept=suspension,
        dosageInstruction=[{"doseAndRate": [{"doseQuantity": {"value": 2.5, "unit": "mL"}}]}],
    )  # fmt: skip
    by_text = _order(
        "text", medicationCodeableConcept={"text": "Simvastatin 4 mg/mL oral suspension"},
        dosageInstruction=[{"doseAndRate": [{"doseQuantity": {"value": 5, "unit": "mL"}}]}],
    )  # fmt: skip
    no_volume = _order("none", medicationCodeableConcept=suspension)
    land_json(home, "fhir/suspensions.json", bundle(PATIENT, with_volume, by_text, no_volume))
    ingest_exports(home)
    # 2.5 mL × 8 mg/mL and 5 mL × 4 mg/mL are 20 mg; with no volume the dose is unknown.
    doses = query(home, "select dose_mg from raw.medications order by line")
    assert doses == [(20.0,), (20.0,), (None,)]
    with duckdb.connect(str(warehouse_path(home))) as conn:
        stage(conn, STREAM_SPECS["medications"])
    # Staging reads no strength from a concentration: the daily dose stays unknown, not 8 mg.
    assert query(
        home, "select daily_dose_mg, intensity from staging.medications order by line"
    ) == [(20.0, "moderate"), (20.0, "moderate"), (None, "unknown")]


def test_a_condition_is_dated_by_its_course_not_by_when_it_was_recorded(home):
    def condition(condition_id: str, status: str, **dates) -> dict:
        return {
            "resourceType": "Condition", "id": condition_id, "subject": SUBJECT,
            "clinicalStatus": {"coding": [{"code": status}]},
            "code": coding("icd10", "M79.10", "Myalgia, unspecified site"), **dates,
        }  # fmt: skip

    resources = [
        PATIENT,
        # Abated in 2019, entered on the problem list in 2025: history, not a new myalgia.
        condition("old", "resolved", abatementDateTime="2019-05-01", recordedDate="2025-12-20"),
        # Present from 1 to 20 March: reported at its onset and on its last day.
        condition("course", "inactive", onsetDateTime="2026-03-01",
                  abatementDateTime="2026-03-20", recordedDate="2026-04-02"),
        # Still active, no onset: the day it was recorded is all there is.
        condition("active", "active", recordedDate="2026-04-10"),
        # Over, with no date at all: history of unknown date.
        condition("undated", "remission", recordedDate="2026-04-11"),
    ]  # fmt: skip
    land_json(home, "fhir/conditions.json", bundle(*resources))
    (outcome,) = ingest_exports(home).values()
    assert_accounted(outcome)
    assert query(
        home, "select cast(reported_at as date)::varchar, notes from raw.symptoms order by 1"
    ) == [
        ("2019-05-01", "Condition: Myalgia, unspecified site (icd10 M79.10)"),
        ("2026-03-01", "Condition: Myalgia, unspecified site (icd10 M79.10)"),
        ("2026-03-20", "Condition: Myalgia, unspecified site (icd10 M79.10), abated"),
        ("2026-04-10", "Condition: Myalgia, unspecified site (icd10 M79.10)"),
    ]
    assert skipped_reasons(home, "fhir/conditions.json") == {
        "FHIR Condition no longer active, with no onset or abatement date: history": 1
    }


@pytest.mark.parametrize(
    ("code", "symptom"),
    [
        (coding("icd10", "M62.82", "Rhabdomyolysis"), "rhabdomyolysis"),
        (coding("snomed", "240132004", "Non-traumatic rhabdomyolysis"), "rhabdomyolysis"),
        (coding("icd10", "G72.0", "Drug-induced myopathy"), "myopathy"),
        (coding("icd10", "M60.9", "Myositis, unspecified"), "myopathy"),
        (coding("icd10", "G72.9", "Myopathy, unspecified"), "myalgia"),
        # Traumatic muscle injury is in the CMS347 value set but is no statin signal.
        (coding("icd10", "T79.6XXA", "Traumatic ischemia of muscle"), None),
    ],
)
def test_coded_muscle_diagnoses_are_named_as_diagnoses(home, code, symptom):
    condition = {"resourceType": "Condition", "subject": SUBJECT, "code": code,
                 "onsetDateTime": "2026-04-01"}  # fmt: skip
    land_json(home, "fhir/diagnosis.json", bundle(PATIENT, condition))
    ingest_exports(home)
    assert query(home, "select symptom from raw.symptoms") == ([(symptom,)] if symptom else [])


@pytest.mark.parametrize(
    ("verification", "symptom"),
    [("confirmed", "rhabdomyolysis"), ("differential", "myalgia"), ("provisional", "myalgia")],
)
def test_a_diagnosis_only_suspected_counts_as_the_complaint_not_the_diagnosis(
    home, verification, symptom
):
    condition = {"resourceType": "Condition", "subject": SUBJECT, "onsetDateTime": "2026-04-01",
                 "code": coding("icd10", "M62.82", "Rhabdomyolysis"),
                 "verificationStatus": {"coding": [{"code": verification}]}}  # fmt: skip
    land_json(home, "fhir/suspected.json", bundle(PATIENT, condition))
    ingest_exports(home)
    assert query(home, "select symptom from raw.symptoms") == [(symptom,)]
