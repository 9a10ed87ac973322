"""Exercise stream: each patient's habitual pattern plus the strenuous sessions the stories
and the background placed, rendered one parquet file per day."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from statinwatch.generate.activities import (
    ACTIVITIES,
    ELEVATION_LOSS_HIGH,
    ELEVATION_LOSS_LOW,
    ENDURANCE_ACTIVITIES,
    HABITUAL_NOTES,
    HR_BY_LEVEL,
    INTENSITIES,
    KIND_ACTIVITY,
    KIND_DISTANCE_HIGH,
    KIND_DISTANCE_LOW,
    KIND_ELEVATION_HIGH,
    KIND_ELEVATION_LOW,
    KIND_MINUTES_HIGH,
    KIND_MINUTES_LOW,
    KIND_NOTE,
    LOAD_RATIO,
    MAX_LEVEL,
    MIN_LEVEL,
    NOTES,
    PRIMARY_WEIGHTS,
    RPE_HIGH,
    RPE_LOW,
    SPEED_KMH,
    VIGOROUS,
)
from statinwatch.generate.cohort import Cohort
from statinwatch.generate.device import TRACK_KINDS, write_tracks
from statinwatch.generate.events import DAY, HOUR
from statinwatch.generate.writers import day_date, day_path, iso_times, write_parquet

SESSIONS_PER_WEEK_WEIGHTS = (0.04, 0.10, 0.17, 0.22, 0.19, 0.13, 0.09, 0.06)
# Stories that need a usual load to be clearly above get at least this many sessions a week.
KEEN_MIN_SESSIONS = 2
SECONDARY_RATE = 0.3
TYPICAL_MINUTES = (20.0, 70.0)
# Narrow enough that no habitual session reaches the strenuous LOAD_RATIO.
DURATION_JITTER = (0.85, 1.15)
LEVEL_WEIGHTS = (0.3, 0.55, 0.15)
START_HOURS = (6, 19)
START_JITTER_S = 45 * 60
HR_MISSING_RATE = 0.15
RPE_MISSING_RATE = 0.2
SORENESS_MISSING_RATE = 0.15
HABITUAL_SORENESS_WEIGHTS = (0.6, 0.3, 0.1)
HABITUAL_NOTE_RATE = 0.04
STRENUOUS_NOTE_RATE = 0.7
STRENUOUS_HR = (145.0, 172.0)

SCHEMA = pa.schema(
    [
        ("patient_id", pa.string()),
        ("start_time", pa.string()),
        ("duration_min", pa.float64()),
        ("activity", pa.string()),
        ("intensity", pa.string()),
        ("avg_hr", pa.int16()),
        ("distance_km", pa.float64()),
        ("elevation_loss_m", pa.float64()),
        ("rpe", pa.int8()),
        ("soreness", pa.int8()),
        ("notes", pa.string()),
    ]
)
ACTIVITY_ARRAY = pa.array(ACTIVITIES)
INTENSITY_ARRAY = pa.array(INTENSITIES)
NOTE_ARRAY = pa.array(NOTES)

Sessions = dict[str, np.ndarray]


@dataclass(frozen=True)
class Habits:
    p_day: np.ndarray
    primary: np.ndarray
    secondary: np.ndarray
    typical_min: np.ndarray
    level: np.ndarray
    hour: np.ndarray
    has_hr: np.ndarray
    hr_shift: np.ndarray
    speed: np.ndarray


def make_habits(rng: np.random.Generator, keen: np.ndarray, endurance: np.ndarray) -> Habits:
    """`keen` patients train at least twice a week; `endurance` ones only walk, run, cycle or
    swim, so any strength, HIIT or hiking session of theirs is unaccustomed."""
    n = len(keen)
    per_week = rng.choice(len(SESSIONS_PER_WEEK_WEIGHTS), size=n, p=SESSIONS_PER_WEEK_WEIGHTS)
    per_week = np.where(keen, np.maximum(per_week, KEEN_MIN_SESSIONS), per_week)
    weights = np.asarray(PRIMARY_WEIGHTS)
    primary = rng.choice(len(ACTIVITIES), size=n, p=weights / weights.sum())
    secondary = rng.integers(0, len(ACTIVITIES), n)
    endurance_pair = rng.choice(ENDURANCE_ACTIVITIES, size=(2, n))
    return Habits(
        p_day=per_week / 7,
        primary=np.where(endurance, endurance_pair[0], primary),
        secondary=np.where(endurance, endurance_pair[1], secondary),
        typical_min=rng.uniform(*TYPICAL_MINUTES, n),
        level=rng.choice(len(LEVEL_WEIGHTS), size=n, p=LEVEL_WEIGHTS),
        hour=rng.integers(START_HOURS[0], START_HOURS[1] + 1, n),
        has_hr=rng.random(n) >= HR_MISSING_RATE,
        hr_shift=rng.normal(0, 6, n),
        speed=rng.uniform(0.85, 1.15, n),
    )


def _between(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Uniform draws that stay NaN where the bounds are NaN (no distance for a HIIT class)."""
    return low + (high - low) * rng.random(len(low))


def _missing(rng: np.random.Generator, values: np.ndarray, rate: float) -> np.ndarray:
    return np.where(rng.random(len(values)) < rate, np.nan, values)


def habitual_sessions(
    rng: np.random.Generator, habits: Habits, day: int, busy: np.ndarray
) -> Sessions:
    """Ordinary sessions on one day; patients in `busy` have a strenuous session instead."""
    active = rng.random(len(habits.p_day)) < habits.p_day
    active[busy] = False
    p = np.flatnonzero(active)
    m = len(p)
    activity = np.where(rng.random(m) < SECONDARY_RATE, habits.secondary[p], habits.primary[p])
    level = np.clip(habits.level[p], MIN_LEVEL[activity], MAX_LEVEL[activity])
    minutes = habits.typical_min[p] * rng.uniform(*DURATION_JITTER, m)
    start = habits.hour[p] * HOUR + rng.integers(-START_JITTER_S, START_JITTER_S, m)
    hr = HR_BY_LEVEL[level] + habits.hr_shift[p] + rng.normal(0, 4, m)
    soreness = rng.choice(len(HABITUAL_SORENESS_WEIGHTS), size=m, p=HABITUAL_SORENESS_WEIGHTS)
    return {
        "patient": p,
        "at": day * DAY + start,
        "minutes": minutes,
        "activity": activity,
        "level": level,
        "hr": np.where(habits.has_hr[p], hr, np.nan),
        "distance": SPEED_KMH[activity]
        * minutes
        / 60
        * habits.speed[p]
        * rng.uniform(0.95, 1.05, m),
        "elevation": _between(rng, ELEVATION_LOSS_LOW[activity], ELEVATION_LOSS_HIGH[activity]),
        "rpe": _missing(rng, rng.integers(RPE_LOW[level], RPE_HIGH[level] + 1), RPE_MISSING_RATE),
        "soreness": _missing(rng, soreness.astype(float), SORENESS_MISSING_RATE),
        "note": np.where(
            rng.random(m) < HABITUAL_NOTE_RATE, rng.integers(0, len(HABITUAL_NOTES), m), -1
        ),
    }


def strenuous_sessions(rng: np.random.Generator, habits: Habits, events: pd.DataFrame) -> Sessions:
    """Render the placed strenuous sessions, each well above the person's typical length."""
    p = events["patient"].to_numpy(dtype=np.int64)
    kind = events["kind"].to_numpy(dtype=np.int64)
    m = len(p)
    minutes = _between(rng, KIND_MINUTES_LOW[kind], KIND_MINUTES_HIGH[kind])
    return {
        "patient": p,
        "at": events["at"].to_numpy(dtype=np.int64),
        "minutes": np.maximum(minutes, LOAD_RATIO * habits.typical_min[p]),
        "activity": KIND_ACTIVITY[kind],
        "level": np.full(m, VIGOROUS),
        "hr": np.where(habits.has_hr[p], rng.uniform(*STRENUOUS_HR, m), np.nan),
        "distance": _between(rng, KIND_DISTANCE_LOW[kind], KIND_DISTANCE_HIGH[kind]),
        "elevation": _between(rng, KIND_ELEVATION_LOW[kind], KIND_ELEVATION_HIGH[kind]),
        "rpe": rng.integers(8, 11, m).astype(float),
        "soreness": rng.integers(1, 6, m).astype(float),
        "note": np.where(rng.random(m) < STRENUOUS_NOTE_RATE, KIND_NOTE[kind], -1),
    }


def _nullable(values: np.ndarray, kind: pa.DataType, decimals: int = 0) -> pa.Array:
    missing = np.isnan(values)
    rounded = np.nan_to_num(values).round(decimals)
    if pa.types.is_integer(kind):
        rounded = rounded.astype(np.int64)
    return pa.array(rounded, type=kind, mask=missing)


def to_table(sessions: Sessions, cohort: Cohort, end: date) -> pa.Table:
    order = np.lexsort((sessions["at"], sessions["patient"]))
    s = {key: values[order] for key, values in sessions.items()}
    stamps = pa.array(iso_times(end, s["at"]))
    start_time = pc.binary_join_element_wise(stamps, pa.array(cohort.offsets(s["patient"])), "")
    note = s["note"]
    return pa.table(
        [
            cohort.ids.take(pa.array(s["patient"])),
            start_time,
            pa.array(s["minutes"].round(1)),
            ACTIVITY_ARRAY.take(pa.array(s["activity"])),
            INTENSITY_ARRAY.take(pa.array(s["level"])),
            _nullable(s["hr"], pa.int16()),
            _nullable(s["distance"], pa.float64(), 2),
            _nullable(s["elevation"], pa.float64()),
            _nullable(s["rpe"], pa.int8()),
            _nullable(s["soreness"], pa.int8()),
            NOTE_ARRAY.take(pa.array(np.maximum(note, 0), mask=note < 0)),
        ],
        schema=SCHEMA,
    )


def _concat(parts: list[Sessions]) -> Sessions:
    return {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}


def write_exercise(
    rng: np.random.Generator,
    habits: Habits,
    cohort: Cohort,
    placed: pd.DataFrame,
    end: date,
    days: int,
    landing: Path,
    track_rng: np.random.Generator | None = None,
) -> tuple[int, int]:
    """One parquet file per day of the window; returns (files, sessions). With a `track_rng`
    the downhill hikes are GPX files instead (statinwatch/generate/device.py), drawn from
    their own generator so every other file keeps its bytes."""
    strenuous = strenuous_sessions(rng, habits, placed)
    track_files = 0
    if track_rng is not None:
        on_device = np.isin(placed["kind"].to_numpy(dtype=np.int64), TRACK_KINDS)
        device = {key: values[on_device] for key, values in strenuous.items()}
        track_files = write_tracks(track_rng, device, cohort, end, landing)
        strenuous = {key: values[~on_device] for key, values in strenuous.items()}
    by_day = np.argsort(strenuous["at"] // DAY, kind="stable")
    strenuous = {key: values[by_day] for key, values in strenuous.items()}
    bounds = np.searchsorted(strenuous["at"] // DAY, np.arange(1 - days, 2))
    rows = 0
    for offset, day in enumerate(range(1 - days, 1)):
        chunk = slice(bounds[offset], bounds[offset + 1])
        special = {key: values[chunk] for key, values in strenuous.items()}
        sessions = _concat([habitual_sessions(rng, habits, day, special["patient"]), special])
        table = to_table(sessions, cohort, end)
        write_parquet(table, day_path(landing, "exercise", day_date(end, day), "parquet"))
        rows += table.num_rows
    return days + track_files, rows + track_files
