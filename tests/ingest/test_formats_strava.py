"""Strava bulk-export activities.csv: sessions with distance, duration, descent and notes."""

from tests.support.exports import assert_accounted, ingest_exports, land_fixture
from tests.support.home import query


def test_strava_activities_map_to_sessions(home):
    land_fixture(home, "strava", "exports/patient_id=S1/strava")
    outcomes = ingest_exports(home)
    formats = {path.rsplit("/", 1)[1]: o.format for path, o in outcomes.items()}
    assert formats == {
        "activities.csv": "strava-activities",
        "example.gpx": "gpx-track",
        "example.tcx": "tcx-activity",
    }
    activities = outcomes["exports/patient_id=S1/strava/activities.csv"]
    assert (activities.rows_read, activities.accepted) == (8, 8)
    assert_accounted(activities)
    sessions = query(
        home,
        "select patient_id, cast(start_time as varchar), utc_offset_min, duration_min, activity, "
        "intensity, distance_km, elevation_loss_m, avg_hr, notes from raw.exercise "
        "order by start_time limit 2",
    )
    assert sessions == [
        ("S1", "2024-10-01 11:35:00", 0, 91.43, "cycling", "moderate", 33.892, 237.0, 132.0, "Afternoon Ride"),
        ("S1", "2024-10-02 08:35:00", 0, 44.02, "running", "vigorous", 7.925, 55.0, 165.0, "Tempo Run"),
    ]  # fmt: skip


def test_without_a_patient_folder_rows_wait_for_one(home):
    land_fixture(home, "strava", "exports/strava")
    activities = ingest_exports(home)["exports/strava/activities.csv"]
    assert (activities.accepted, activities.quarantined) == (0, 8)
    ((reason,),) = query(home, "select distinct reason from ingest.quarantine")
    assert reason == "no patient: put this export in a folder named patient_id=<id> under landing/"
    # The same bytes moved into a patient folder are a new file for that patient.
    (home / "landing/exports/patient_id=S2").mkdir()
    (home / "landing/exports/strava").rename(home / "landing/exports/patient_id=S2/strava")
    moved = ingest_exports(home)["exports/patient_id=S2/strava/activities.csv"]
    assert (moved.accepted, moved.quarantined) == (8, 0)
    assert query(home, "select distinct patient_id from raw.exercise") == [("S2",)]
