"""Garmin Connect Activities.csv: h:mm:ss durations, "--" blanks, thousands separators."""

from tests.support.exports import assert_accounted, ingest_exports, land_fixture
from tests.support.home import query


def test_garmin_activities_map_to_sessions(home):
    land_fixture(home, "garmin", "patient_id=G1/garmin")
    (outcome,) = ingest_exports(home).values()
    assert (outcome.stream, outcome.format, outcome.accepted) == ("garmin", "garmin-activities", 3)
    assert_accounted(outcome)
    assert query(
        home,
        "select cast(start_time as varchar), duration_min, activity, intensity, distance_km, "
        "elevation_loss_m, avg_hr, notes from raw.exercise order by start_time",
    ) == [
        ("2026-04-18 07:05:12", 221.08, "trail running", "vigorous", 21.37, 1187.0, 148.0,
         "Summit loop - calves cramped on the descent"),
        ("2026-04-20 18:30:00", 65.5, "strength", "moderate", None, None, 112.0, "Leg day"),
        ("2026-04-21 12:10:44", 38.2, "walking", "moderate", 3.05, 24.0, 96.0, "Lunch walk - no pain"),
    ]  # fmt: skip
