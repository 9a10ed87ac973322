"""The 180 CMS347 eCQM test-case Bundles (QI-Core) as a peer's test suite for exposure.

Each Bundle is one patient with a MeasureReport of the measure's expected populations. The
expectations are read from the Bundles themselves, never from statinwatch: a patient in any
numerator had a statin order in the measurement period (the measure's own judgement), and a
statin order marked doNotPerform, a plan or proposal, or cancelled was never given (FHIR R4
MedicationRequest.intent, .doNotPerform, .status).
"""

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.paths import warehouse_path
from statinwatch.staging.staged_tables import stage
from tests.support.exports import FIXTURES, assert_accounted, ingest_exports, land_fixture
from tests.support.home import query

SUITE = ("cms347", "cms347-suite")
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
NOT_GIVEN_INTENTS = {"plan", "proposal", "option"}
NOT_GIVEN_STATUSES = {"cancelled", "draft", "entered-in-error"}


def _resources(path: Path) -> list[dict]:
    return [entry["resource"] for entry in json.loads(path.read_text())["entry"]]


def _in_numerator(resources: list[dict]) -> bool:
    return any(
        population["code"]["coding"][0]["code"] == "numerator" and population["count"] > 0
        for resource in resources
        if resource["resourceType"] == "MeasureReport"
        for group in resource.get("group", [])
        for population in group.get("population", [])
    )


def _never_given(order: dict) -> bool:
    return (
        order.get("doNotPerform") is True
        or order.get("intent") in NOT_GIVEN_INTENTS
        or order.get("status") in NOT_GIVEN_STATUSES
    )


def _suite() -> dict[str, list[dict]]:
    """Patient id → the resources of its Bundle, for every test case."""
    bundles = [path for folder in SUITE for path in sorted((FIXTURES / folder).glob("*.json"))]
    suite = {}
    for path in bundles:
        resources = _resources(path)
        (patient,) = [r for r in resources if r["resourceType"] == "Patient"]
        suite[patient["id"]] = resources
    return suite


@pytest.fixture(scope="module")
def exposed(tmp_path_factory) -> set[str]:
    """The suite ingested and staged: patients with statin exposure in the measurement period."""
    home = tmp_path_factory.mktemp("cms347")
    for folder in SUITE:
        land_fixture(home, folder, f"fhir/{folder}")
    outcomes = ingest_exports(home)
    assert len(outcomes) == 180
    for outcome in outcomes.values():
        assert (outcome.format, outcome.status, outcome.quarantined) == ("fhir-json", "ingested", 0)
        assert_accounted(outcome)
    with duckdb.connect(str(warehouse_path(home))) as conn:
        stage(conn, STREAM_SPECS["medications"])
    rows = query(
        home,
        "select distinct patient_id from staging.medications where is_statin "
        "and start_date <= ? and coalesce(exposure_end, ?) >= ?",
        [PERIOD[1], PERIOD[1], PERIOD[0]],
    )
    return {patient_id for (patient_id,) in rows}


def test_every_numerator_patient_has_statin_exposure_in_the_period(exposed):
    numerator = {pid for pid, resources in _suite().items() if _in_numerator(resources)}
    assert len(numerator) == 28
    assert numerator - exposed == set()


def test_no_patient_whose_statin_orders_were_never_given_has_exposure(exposed):
    never_given = set()
    for pid, resources in _suite().items():
        orders = [r for r in resources if r["resourceType"] == "MedicationRequest"]
        if orders and all(_never_given(order) for order in orders):
            never_given.add(pid)
    # 22 doNotPerform orders and one plan (the suite's own counts).
    assert len(never_given) == 23
    assert never_given & exposed == set()


def test_patients_without_any_statin_resource_have_none(exposed):
    medication_types = {"MedicationRequest", "MedicationStatement", "MedicationDispense"}
    without = {
        pid
        for pid, resources in _suite().items()
        if not any(r["resourceType"] in medication_types for r in resources)
    }
    assert len(without) == 125
    assert without & exposed == set()
