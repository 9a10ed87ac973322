"""Open mHealth physical-activity data points: bare bodies and full data points."""

from tests.support.exports import (
    assert_accounted,
    ingest_exports,
    land_fixture,
    land_json,
    skipped_reasons,
)
from tests.support.home import query

DATA_POINT = {
    "header": {
        "id": "dp-1", "user_id": "O7", "creation_date_time": "2026-04-28T20:00:00Z",
        "schema_id": {"namespace": "omh", "name": "physical-activity", "version": "1.2"},
        "acquisition_provenance": {"source_name": "RunKeeper", "modality": "sensed"},
    },
    "body": {
        "activity_name": "Running",
        "effective_time_frame": {"time_interval": {
            "start_date_time": "2026-04-28T18:00:00-04:00",
            "duration": {"value": 45, "unit": "min"},
        }},
        "distance": {"value": 8000, "unit": "m"},
        "met_value": 9.8,
    },
}  # fmt: skip
HEART_RATE = {
    "header": {**DATA_POINT["header"], "schema_id": {"namespace": "omh", "name": "heart-rate", "version": "1.0"}},
    "body": {"heart_rate": {"value": 60, "unit": "beats/min"}},
}  # fmt: skip


def test_schema_examples_without_a_time_are_quarantined_and_the_rest_mapped(home):
    land_fixture(home, "openmhealth", "patient_id=O1/omh")
    outcomes = ingest_exports(home)
    assert {o.format for o in outcomes.values()} == {"omh-json"}
    for outcome in outcomes.values():
        assert_accounted(outcome)
    assert sum(o.quarantined for o in outcomes.values()) == 3  # no time frame at all
    assert sum(o.duplicates for o in outcomes.values()) == 1  # METs 3.5 = walking's moderate
    assert query(
        home,
        "select cast(start_time as varchar), utc_offset_min, duration_min, activity, intensity, "
        "round(distance_km, 3) from raw.exercise order by distance_km",
    ) == [
        ("2015-02-06 06:25:00", 0, 60.0, "walking", "moderate", 4.989),
        ("2015-02-06 06:25:00", 0, 60.0, "walking", "moderate", 5.15),
    ]


def test_data_points_name_their_user_and_other_schemas_are_skipped(home):
    land_json(home, "phone/points.ndjson", [DATA_POINT, HEART_RATE], lines=True)
    (outcome,) = ingest_exports(home).values()
    # Both data points are read; the heart rate is no session.
    assert (outcome.rows_read, outcome.accepted, outcome.skipped) == (2, 1, 1)
    assert skipped_reasons(home, "phone/points.ndjson") == {
        "Open mHealth heart-rate data point not used": 1
    }
    assert query(
        home,
        "select patient_id, cast(start_time as varchar), utc_offset_min, duration_min, activity, "
        "intensity, distance_km from raw.exercise",
    ) == [("O7", "2026-04-28 18:00:00", -240, 45.0, "running", "vigorous", 8.0)]
