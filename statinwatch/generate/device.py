"""Sessions known only from the device: with `generate --tracks`, the downhill hikes the
stories place are written as the GPX files a watch app exports, under the patient's
`landing/exports/patient_id=<id>/tracks/` folder, instead of as rows of the exercise stream.
Their descent is then only in the track (docs/formats.md "Activity files")."""

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

from statinwatch.generate.activities import ACTIVITIES, KIND_INDEX
from statinwatch.generate.cohort import Cohort
from statinwatch.generate.tracks import Track, gpx_text
from statinwatch.generate.writers import iso_times

# The kinds written as tracks: the eccentric load a GPS track shows and a log often omits.
TRACK_KINDS = (KIND_INDEX["downhill_hike"],)
# Per-fix heart rate spreads this far around the session's average.
HR_SPREAD = 6
# GPS altitude noise a consumer watch adds to each fix (metres, uniform ±).
ALTITUDE_JITTER_M = 4.0
START_ELEVATION_M = 2400.0
TRACK_NAME = "Summit descent"


def _track(start: str, minutes: float, distance_km: float, descent_m: float, hr: float) -> Track:
    heart_rate = None if np.isnan(hr) else (int(hr) - HR_SPREAD, int(hr) + HR_SPREAD)
    return Track(
        datetime.fromisoformat(start),
        round(float(minutes), 1),
        round(float(distance_km), 2),
        START_ELEVATION_M,
        round(float(descent_m)),
        ALTITUDE_JITTER_M,
        heart_rate,
    )


def write_tracks(
    rng: np.random.Generator,
    sessions: dict[str, np.ndarray],
    cohort: Cohort,
    end: date,
    landing: Path,
) -> int:
    """One GPX file per session; returns how many were written."""
    order = np.lexsort((sessions["at"], sessions["patient"]))
    starts = np.char.add(
        iso_times(end, sessions["at"][order]), cohort.offsets(sessions["patient"][order])
    )
    ids = cohort.ids.take(pa.array(sessions["patient"][order])).to_pylist()
    for i, row in enumerate(order):
        track = _track(
            starts[i],
            sessions["minutes"][row],
            sessions["distance"][row],
            sessions["elevation"][row],
            sessions["hr"][row],
        )
        path = landing / "exports" / f"patient_id={ids[i]}" / "tracks"
        path.mkdir(parents=True, exist_ok=True)
        name = f"{starts[i][:16].replace(':', '')}.gpx"
        kind = ACTIVITIES[sessions["activity"][row]]
        (path / name).write_text(gpx_text(track, rng, TRACK_NAME, kind), encoding="utf-8")
    return len(order)
