"""TCX and GPX activity files: one session per Activity or track, with the descent computed
from the smoothed track, heart rate from the points and the patient from the folder."""

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from statinwatch.exports.tracks import gain_and_loss, smoothed_elevations
from statinwatch.generate.tracks import Track, gpx_text, tcx_text
from tests.support.exports import (
    assert_accounted,
    file_streams,
    ingest_exports,
    land_fixture,
    skipped_reasons,
)
from tests.support.home import query

CEST = timezone(timedelta(hours=2))
MORNING = datetime(2026, 4, 26, 9, 0, tzinfo=CEST)
SESSION_COLUMNS = (
    "select patient_id, cast(start_time as varchar), utc_offset_min, duration_min, activity, "
    "intensity, distance_km, elevation_loss_m, avg_hr, notes from raw.exercise"
)
# A 10 km hike losing 600 m, with the ±4 m altitude noise of a GPS fix.
DOWNHILL = Track(MORNING, 180, 10.0, start_elevation_m=1500, descent_m=600, jitter_m=4)
FLAT = Track(MORNING, 150, 10.0, jitter_m=5)
RUN = Track(MORNING, 40, 8.0, heart_rate=(140, 171))


def _rng() -> np.random.Generator:
    return np.random.default_rng(18)


def _write(home, relative: str, text: str) -> str:
    path = home / "landing" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return relative


def test_sample_tcx_and_gpx_are_one_session_each(home):
    land_fixture(home, "strava", "exports/patient_id=T1/strava")
    outcomes = ingest_exports(home)
    tcx = outcomes["exports/patient_id=T1/strava/example.tcx"]
    gpx = outcomes["exports/patient_id=T1/strava/example.gpx"]
    assert (tcx.stream, tcx.format, gpx.stream, gpx.format) == (
        "tcx", "tcx-activity", "gpx", "gpx-track",
    )  # fmt: skip
    for outcome in (tcx, gpx):
        assert (outcome.rows_read, outcome.accepted) == (1, 1)
        assert_accounted(outcome)
    # Three points 10 s apart, heart rate 120, 122, 124; the TCX lap says 20 s and 30 m, the
    # GPX distance is measured along its points (0.0001° steps of latitude and longitude).
    assert query(home, SESSION_COLUMNS + " where start_time >= '2025-01-01' order by line") == [
        ("T1", "2025-01-01 00:00:00", 0, 0.33, "athlytics example gpx", None, 0.031, 0.0,
         122.0, "Athlytics Example GPX; max HR 124 bpm; climb 0 m"),
        ("T1", "2025-01-01 00:00:00", None, 0.33, "running", "vigorous", 0.03, 0.0, 122.0,
         "max HR 124 bpm; climb 0 m"),
    ]  # fmt: skip


def test_descent_is_computed_from_the_smoothed_track(home):
    _write(home, "exports/patient_id=T2/hike.gpx", gpx_text(DOWNHILL, _rng(), "Summit", "hiking"))
    _write(home, "exports/patient_id=T2/walk.gpx", gpx_text(FLAT, _rng(), "Coast", "walking"))
    ingest_exports(home)
    rows = query(
        home,
        "select activity, intensity, duration_min, distance_km, elevation_loss_m, notes "
        "from raw.exercise order by duration_min desc",
    )
    (hike, walk) = rows
    assert hike[:4] == ("hiking", "vigorous", 180.0, 10.0)
    assert hike[4] == pytest.approx(600, abs=15)  # the real descent, not the noise on it
    assert hike[5].startswith("Summit; climb ")
    assert walk[:4] == ("walking", "moderate", 150.0, 10.0)
    assert walk[4] < 10  # ±5 m of noise over 10 km is no hill


def test_raw_differences_would_invent_a_mountain():
    """The smoothing is what keeps the noise out: summed raw, the flat walk climbs far."""
    count = 2000
    along = np.arange(count) * 5.0
    noisy = 100 + _rng().uniform(-5, 5, count)
    raw_loss = float(np.clip(-np.diff(noisy), 0, None).sum())
    assert raw_loss > 2000
    assert gain_and_loss(smoothed_elevations(along, noisy)) == (0.0, 0.0)
    # A single bad fix 40 m off is ignored; a real 30 m step counts whole.
    spike = np.full(count, 100.0)
    spike[1000] = 60.0
    assert gain_and_loss(smoothed_elevations(along, spike)) == (0.0, 0.0)
    step = np.where(along < 5000, 130.0, 100.0)
    assert gain_and_loss(smoothed_elevations(along, step)) == (0.0, 30.0)


def test_heart_rate_from_the_points_of_tcx_and_gpx(home):
    _write(home, "exports/patient_id=T3/run.tcx", tcx_text(RUN, _rng(), "Running"))
    later = Track(MORNING + timedelta(days=1), 40, 8.0, heart_rate=(140, 171))
    _write(home, "exports/patient_id=T3/run.gpx", gpx_text(later, _rng(), "Tempo", "running"))
    ingest_exports(home)
    fixes = _rng().integers(140, 171, int(40 * 60 / 5) + 1, endpoint=True)
    rows = query(home, SESSION_COLUMNS + " order by start_time")
    expected_hr = round(float(fixes.mean()), 1)
    assert [row[:9] for row in rows] == [
        ("T3", "2026-04-26 09:00:00", 120, 40.0, "running", "vigorous", 8.0, 0.0, expected_hr),
        ("T3", "2026-04-27 09:00:00", 120, 40.0, "running", "vigorous", 8.0, 0.0, expected_hr),
    ]
    assert rows[0][9] == f"max HR {fixes.max()} bpm; climb 0 m"
    assert rows[1][9] == f"Tempo; max HR {fixes.max()} bpm; climb 0 m"


def test_a_malformed_file_is_quarantined_whole(home):
    text = gpx_text(RUN, _rng(), "Cut off", "running")
    _write(home, "exports/patient_id=T4/cut.gpx", text[: len(text) // 2])
    (outcome,) = ingest_exports(home).values()
    assert outcome.status == "quarantined"
    assert outcome.reason.startswith("cannot read as GPX XML: ")
    assert query(home, "select count(*) from raw.exercise") == [(0,)]


def test_without_a_patient_folder_the_session_waits_for_one(home):
    relative = _write(home, "exports/run.tcx", tcx_text(RUN, _rng(), "Running"))
    outcome = ingest_exports(home)[relative]
    assert (outcome.rows_read, outcome.accepted, outcome.quarantined) == (1, 0, 1)
    ((reason,),) = query(home, "select distinct reason from ingest.quarantine")
    assert reason == "no patient: put this export in a folder named patient_id=<id> under landing/"


def test_waypoints_routes_and_untimed_tracks_are_no_sessions(home):
    planned = gpx_text(FLAT, _rng(), "Planned", "hiking")
    routes_only = (
        '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n'
        ' <wpt lat="46.5" lon="8.0"><name>Hut</name><time>2026-04-01T10:00:00Z</time></wpt>\n'
        ' <rte><name>Plan</name><rtept lat="46.5" lon="8.0"/><rtept lat="46.6" lon="8.0"/></rte>\n'
        "</gpx>\n"
    )
    untimed_points = planned.replace("<time>", "<!--").replace("</time>", "-->")
    _write(home, "exports/patient_id=T5/routes.gpx", routes_only)
    untimed_path = _write(home, "exports/patient_id=T5/planned.gpx", untimed_points)
    outcomes = ingest_exports(home)
    routes = outcomes["exports/patient_id=T5/routes.gpx"]
    assert (routes.format, routes.status, routes.rows_read) == ("gpx-track", "ingested", 0)
    course = outcomes[untimed_path]
    assert (course.rows_read, course.skipped) == (1, 1)
    assert_accounted(course)
    assert skipped_reasons(home, untimed_path) == {
        "track without times: a planned course, not a session": 1
    }
    assert file_streams(home, untimed_path) == {"gpx": (1, 0, 0, 0, 1)}
    assert query(home, "select count(*) from raw.exercise") == [(0,)]


def test_the_same_track_again_is_a_duplicate_and_another_patient_is_another_file(home):
    text = gpx_text(DOWNHILL, _rng(), "Summit", "hiking")
    _write(home, "exports/patient_id=T6/a/hike.gpx", text)
    _write(home, "exports/patient_id=T6/b/hike-copy.gpx", text + "\n")
    _write(home, "exports/patient_id=T7/hike.gpx", text)
    outcomes = ingest_exports(home)
    counts = sorted((o.accepted, o.duplicates) for o in outcomes.values())
    assert counts == [(0, 1), (1, 0), (1, 0)]
    assert query(home, "select patient_id, count(*) from raw.exercise group by 1 order by 1") == [
        ("T6", 1),
        ("T7", 1),
    ]
