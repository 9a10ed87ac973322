"""Heart-rate streams for generated sessions (`statinwatch generate --heart-rate-share`).

A share of the patients wore a Fitbit: their logged sessions get a heart-rate sample every
5 s in Fitabase's layout (`Id,Time,Value`, one file a day under landing/devices/), around the
session's own average heart rate, else its intensity's usual level. Read back from the written
exercise files, with a random stream of its own: the other files and truth.csv are the same
bytes with or without it, and the same seed gives the same streams.
"""

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset as ds

from statinwatch.generate.writers import day_path

STEP_SECONDS = 5
# Usual session heart rate by intensity (≈ 55, 70 and 80 % of a 40-year-old's maximum).
LEVEL_BPM = {"light": 100.0, "moderate": 125.0, "vigorous": 150.0}
UNKNOWN_LEVEL_BPM = 115.0
NOISE_BPM = 4.0
STREAM_SALT = 18  # the issue that asked for them: a stream apart from the generator's own
COLUMNS = ["patient_id", "start_time", "duration_min", "intensity", "avg_hr"]


def _wearers(sessions: pd.DataFrame, rng: np.random.Generator, share: float) -> pd.DataFrame:
    """The sessions of a `share` of the patients, in patient and time order."""
    patients = np.sort(sessions["patient_id"].unique())
    chosen = patients[rng.random(len(patients)) < share]
    picked = sessions[sessions["patient_id"].isin(chosen)]
    return picked.sort_values(["patient_id", "start_time"], kind="stable")


def _samples(sessions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every 5 s of each session: wall-clock time (the offset dropped, as Fitbit writes it)."""
    wall = pd.to_datetime(sessions["start_time"].str.slice(0, 19))
    counts = np.maximum((sessions["duration_min"].to_numpy() * 60 // STEP_SECONDS), 1).astype(int)
    level = (
        sessions["avg_hr"]
        .astype("float64")
        .fillna(sessions["intensity"].map(LEVEL_BPM).fillna(UNKNOWN_LEVEL_BPM))
    )
    steps = np.concatenate([np.arange(count) for count in counts]) * STEP_SECONDS
    at = np.repeat(wall.to_numpy(), counts) + steps.astype("timedelta64[s]")
    bpm = np.repeat(level.to_numpy(), counts) + rng.normal(0, NOISE_BPM, counts.sum())
    return pd.DataFrame(
        {
            "Id": np.repeat(sessions["patient_id"].to_numpy(), counts),
            "at": at,
            "Value": np.clip(np.round(bpm), 40, 220).astype(int),
        }
    )


def write_heart_rate(landing: Path, seed: int, share: float) -> tuple[int, int]:
    """Heart-rate files for a share of the patients' sessions; returns (files, samples)."""
    if share <= 0:
        return 0, 0
    table = ds.dataset(landing / "exercise", format="parquet").to_table(columns=COLUMNS)
    rng = np.random.default_rng([seed, STREAM_SALT])
    samples = _samples(_wearers(table.to_pandas(), rng, share), rng)
    files = 0
    for day, rows in samples.groupby(samples["at"].dt.date, sort=True):
        _write_day(rows, day, landing)
        files += 1
    return files, len(samples)


def _write_day(rows: pd.DataFrame, day: date, landing: Path) -> None:
    path = day_path(landing / "devices", "heartrate", day, "csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    out = rows.assign(Time=rows["at"].dt.strftime("%-m/%-d/%Y %-I:%M:%S %p"))
    out[["Id", "Time", "Value"]].to_csv(path, index=False, lineterminator="\n")
