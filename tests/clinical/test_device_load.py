"""Exercise load known from the device itself: sessions that exist only as activity files.

Every expected outcome is written from the criterion in `source` — clinical.md §4 (DOMS
follows unaccustomed, strenuous and especially eccentric work such as a hiking descent; it
develops 12-24 h after, peaks by 72 h and is gone within 5-7 days), §7.4 (a hike or run with a
large descent is eccentric) and CONTRACT §5 (exercise soreness is at most `low`; muscle symptoms
not explained by exercise are `medium`) — never from what the engine printed. As-of date for
all: 2026-06-30; every patient has taken simvastatin 20 mg since 2024. The hikers (D01, D02)
ride a bike hard every other day (logged in the native exercise file), so neither a vigorous
activity word nor a first session of the month makes a session strenuous: only what the track
shows can. The runners (D03, D04) log the same hour-long runs; only the heart rate their watch
recorded (a Fitbit heart-rate file) tells the hard one apart (ACSM, Garber 2011; Tanaka 2001).
"""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from statinwatch.generate.tracks import Track, gpx_text
from tests.support.home import query
from tests.support.vignettes import Vignette, flagged_cohort, outcome_problems, sessions

AS_OF = "2026-06-30"
STABLE_STATIN = ({"drug": "simvastatin 20 mg oral tablet", "dose_mg": 20, "status": "active",
                  "start_date": "2024-01-01"},)  # fmt: skip
HARD_RIDES = sessions("2026-05-01", "2026-06-29", 2, 90, "cycling", intensity="vigorous")
BOTH_THIGHS = {"body_site": "thigh", "side": "both"}
# Sore thighs the next two evenings (35 h and 59 h after the walk began), easing, then gone.
SORE_AFTER = tuple(
    {"reported_at": f"2026-06-{day}T20:00:00", "symptom": "myalgia", "severity": severity,
     **BOTH_THIGHS}
    for day, severity in (("21", 5), ("22", 3))
)  # fmt: skip
SATURDAY = datetime(2026, 6, 20, 9, 0, tzinfo=timezone(timedelta(hours=2)))
# Two hours and 10 km on foot, GPS altitude noise ±4 m: down 600 m from the summit, or level.
DOWNHILL_HIKE = Track(SATURDAY, 120, 10.0, start_elevation_m=1500, descent_m=600, jitter_m=4)
FLAT_WALK = Track(SATURDAY, 120, 10.0, start_elevation_m=300, jitter_m=4)

HOUR_RUNS = sessions("2026-05-01", "2026-06-18", 2, 60, avg_hr=110)
RUN_ON_THE_20TH = {"start_time": "2026-06-20T17:00:00", "duration_min": 60,
                   "activity": "running", "intensity": "moderate"}  # fmt: skip
# The watch's heart rate through that run, every 5 s, by patient (Fitabase layout).
HEART_RATE_DURING_THE_RUN = {"D03": 140, "D04": 115}

# Activity files each vignette's patient exported: name → (track, GPX track name, GPX type).
DEVICE_FILES: dict[str, dict[str, tuple[Track, str, str]]] = {
    "D01": {"summit.gpx": (DOWNHILL_HIKE, "Summit descent", "hiking")},
    "D02": {"coast.gpx": (FLAT_WALK, "Coastal path", "hiking")},
}

VIGNETTES = [
    Vignette(
        "D01",
        "a 600 m downhill hike known only from its GPX track, then 2 days of easing soreness",
        "§4/§7.4: a long descent is eccentric work; soreness 12-72 h after, gone within 7 "
        "days, is DOMS; CONTRACT: low",
        "low",
        ("MUSCLE_SYMPTOMS", "EXERCISE_EXPLAINED"),
        ("PERSISTENT_SYMPTOMS",),
        explanation_includes=("hiking on 2026-06-20",),
        medications=STABLE_STATIN,
        exercise=HARD_RIDES,
        symptoms=SORE_AFTER,
    ),
    # Heart rate known only from the watch's own stream (Fitbit seconds file): the hour-long
    # run logged as "moderate" at 17:00 on 20 June, like the hour-long runs before it at
    # 110 bpm. At 140 bpm it averaged 86 % of the age-predicted maximum (born 1960: 208 - 0.7 ×
    # 66.5 ≈ 161 bpm), vigorous by ACSM (Garber 2011: ≥ 77 %); at 115 bpm, 71 %: moderate.
    Vignette(
        "D03",
        "an hour-long run typed 'moderate', its heart rate (140 bpm) only in the watch's "
        "heart-rate file, then 2 days of easing soreness",
        "issue 18: a hard session is recognised when nobody typed vigorous; §4 DOMS → low",
        "low",
        ("MUSCLE_SYMPTOMS", "EXERCISE_EXPLAINED"),
        explanation_includes=("vigorous by heart rate",),
        medications=STABLE_STATIN,
        exercise=(*HOUR_RUNS, RUN_ON_THE_20TH),
        symptoms=SORE_AFTER,
    ),
    Vignette(
        "D04",
        "negative control: the same run, the watch says 115 bpm (moderate, as usual)",
        "not vigorous, not longer than usual: nothing strenuous explains it; CONTRACT: medium",
        "medium",
        ("MUSCLE_SYMPTOMS",),
        ("EXERCISE_EXPLAINED",),
        medications=STABLE_STATIN,
        exercise=(*HOUR_RUNS, RUN_ON_THE_20TH),
        symptoms=SORE_AFTER,
    ),
    Vignette(
        "D02",
        "the same two hours and 10 km on level ground (GPX), then the same soreness",
        "§4: an accustomed load with no descent is not strenuous, so it does not explain "
        "muscle symptoms in a statin user; CONTRACT: medium",
        "medium",
        ("MUSCLE_SYMPTOMS",),
        ("EXERCISE_EXPLAINED",),
        medications=STABLE_STATIN,
        exercise=HARD_RIDES,
        symptoms=SORE_AFTER,
    ),
]


def land_device_files(landing: Path) -> None:
    """Each patient's activity files under exports/patient_id=<id>/, as a watch app exports
    them."""
    for patient_id, files in DEVICE_FILES.items():
        folder = landing / "exports" / f"patient_id={patient_id}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, (track, title, kind) in files.items():
            text = gpx_text(track, np.random.default_rng(18), title, kind)
            (folder / name).write_text(text, encoding="utf-8")


def land_heart_rate(landing: Path) -> None:
    """One Fitbit heartrate_seconds file holding each patient's run of 20 June."""
    start = datetime(2026, 6, 20, 17, 0)
    lines = ["Id,Time,Value"] + [
        f"{patient_id},{(start + timedelta(seconds=s)).strftime('%-m/%-d/%Y %-I:%M:%S %p')},{bpm}"
        for patient_id, bpm in HEART_RATE_DURING_THE_RUN.items()
        for s in range(0, 3600, 5)
    ]
    folder = landing / "devices"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "heartrate_seconds_merged.csv").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("device-load")
    land_device_files(home / "landing")
    land_heart_rate(home / "landing")
    return home


@pytest.fixture(scope="module")
def cohort(home) -> pd.DataFrame:
    return flagged_cohort(home, VIGNETTES, AS_OF)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.patient_id)
def test_vignette(cohort, vignette):
    assert outcome_problems(vignette, cohort) == []


def test_the_descent_the_verdicts_turn_on_came_from_the_tracks(home, cohort):
    descents = dict(
        query(
            home,
            "select patient_id, elevation_loss_m from raw.exercise where activity = 'hiking'",
        )
    )
    assert descents["D01"] == pytest.approx(600, abs=15)
    assert descents["D02"] < 10
