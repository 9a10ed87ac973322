"""Fitbit / Fitabase exports: daily active minutes as daily load rows, hourly intensities as
sessions (fixtures: Furberg et al. 2016, doi:10.5281/zenodo.53894, a few rows)."""

from tests.support.exports import assert_accounted, ingest_exports, land_fixture
from tests.support.home import query


def test_fitbit_daily_and_hourly_exports(home):
    land_fixture(home, "fitbit", "wearables/fitabase")
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    assert {name: o.format for name, o in outcomes.items()} == {
        "dailyActivity_merged.csv": "fitbit-daily",
        "hourlyIntensities_merged.csv": "fitbit-hourly-intensities",
        "hourlySteps_merged.csv": "fitbit-other",
    }
    for outcome in outcomes.values():
        assert (outcome.stream, outcome.quarantined) == ("fitbit", 0)
        assert_accounted(outcome)
    # Rows read are CSV records: 4 days (each giving two rows, counted once), 10 hours of
    # which the 3 fairly active ones make two sessions and 7 are skipped, 3 hours of steps.
    assert {
        name: (o.rows_read, o.accepted, o.duplicates, o.skipped) for name, o in outcomes.items()
    } == {
        "dailyActivity_merged.csv": (4, 4, 0, 0),
        "hourlyIntensities_merged.csv": (10, 3, 0, 7),
        "hourlySteps_merged.csv": (3, 0, 0, 3),
    }
    # 4 days, each with very and fairly active minutes: a vigorous and a moderate row at noon.
    daily = query(
        home,
        "select cast(start_time as varchar), intensity, duration_min, round(distance_km, 2) "
        "from raw.exercise where activity = 'daily active minutes' "
        "order by start_time, intensity desc",
    )
    assert len(daily) == 8
    assert daily[:2] == [
        ("2016-03-25 12:00:00", "vigorous", 33.0, 2.57),
        ("2016-03-25 12:00:00", "moderate", 12.0, 0.46),
    ]
    # 1 pm and 2 pm average >= 1.5: one session of 98/2 + 108/2 minutes; 7 pm alone another.
    assert query(
        home,
        "select patient_id, cast(start_time as varchar), duration_min, intensity "
        "from raw.exercise where activity = 'active hours' order by start_time",
    ) == [
        ("8053475328", "2016-04-23 13:00:00", 103.0, "moderate"),
        ("8053475328", "2016-04-23 19:00:00", 58.5, "moderate"),
    ]
