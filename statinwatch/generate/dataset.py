"""Entry point: write a complete synthetic landing folder and its truth file."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

from statinwatch.generate.background import add_background
from statinwatch.generate.cohort import make_cohort
from statinwatch.generate.events import Context
from statinwatch.generate.exercise import make_habits, write_exercise
from statinwatch.generate.heart_rate import write_heart_rate
from statinwatch.generate.records import lab_table, medication_table, write_labs, write_symptoms
from statinwatch.generate.scenarios import (
    ENDURANCE_STORIES,
    EXERCISE_STORIES,
    NEVER_STATIN,
    SCENARIO_NAMES,
    SCENARIOS,
    assign_scenarios,
    tell_stories,
)
from statinwatch.generate.writers import write_csv

# The stories need eight weeks: a statin start up to six weeks before a symptom onset, and a
# month of habitual exercise before a strenuous session.
MIN_DAYS = 60
# The GPS tracks draw from their own generator, (seed, TRACK_SEED), so opting in changes no
# other file.
TRACK_SEED = 18


@dataclass(frozen=True)
class GenerationSummary:
    patients: int
    files: int  # landing files written (truth.csv not included)
    rows: dict[str, int]  # per stream
    end: date
    seed: int


def _validate(patients: int, days: int) -> None:
    if patients < 1:
        raise ValueError(f"patients must be at least 1, got {patients}")
    if days < MIN_DAYS:
        raise ValueError(f"days must be at least {MIN_DAYS}, got {days}")


def _truth_table(ids: pa.Array, scenario: np.ndarray) -> pa.Table:
    priorities = np.asarray([s.priority for s in SCENARIOS])
    return pa.table(
        {
            "patient_id": ids,
            "expected_priority": pa.array(priorities[scenario]),
            "scenario": pa.array(np.asarray(SCENARIO_NAMES)[scenario]),
        }
    )


def generate_landing(
    out_dir: Path,
    patients: int = 500,
    days: int = 365,
    seed: int = 7,
    end: date | None = None,
    tracks: bool = False,
    heart_rate_share: float = 0.0,
) -> GenerationSummary:
    """Write `out_dir/landing/<stream>/...` in the native schemas and `out_dir/truth.csv`.

    The last day of data is `end` (default: today, UTC). Same arguments give the same bytes.
    Existing files with the same names are overwritten; nothing else is removed. With `tracks`
    the downhill hikes are GPX files under `landing/exports/patient_id=<id>/tracks/` instead of
    exercise rows (the truth is the same: the track carries the descent).
    A `heart_rate_share` of the patients also get Fitbit heart-rate streams of their sessions
    (statinwatch/generate/heart_rate.py); nothing else changes with it.
    """
    _validate(patients, days)
    end = end or datetime.now(UTC).date()
    out_dir = Path(out_dir)
    landing = out_dir / "landing"
    rng = np.random.default_rng(seed)

    scenario = assign_scenarios(rng, patients)
    names = np.asarray(SCENARIO_NAMES)[scenario]
    never_statin = np.isin(names, NEVER_STATIN)
    cohort, patients_table = make_cohort(rng, ~never_statin, end)
    habits = make_habits(rng, np.isin(names, EXERCISE_STORIES), np.isin(names, ENDURANCE_STORIES))
    ctx = Context(rng, days)
    tell_stories(ctx, scenario)
    add_background(ctx, cohort, never_statin, sore_ok=names == "no_statin")

    write_csv(patients_table, landing / "patients" / "patients.csv")
    medications = medication_table(rng, ctx.events.table("episodes"), cohort, end, days)
    write_csv(medications, landing / "medications" / "medications.csv")
    lab_files, lab_rows = write_labs(lab_table(rng, ctx.events.table("labs"), cohort, end), landing)
    symptom_files, symptom_rows = write_symptoms(ctx.events.table("symptoms"), cohort, end, landing)
    exercise_files, exercise_rows = write_exercise(
        rng, habits, cohort, ctx.events.table("sessions"), end, days, landing,
        np.random.default_rng([seed, TRACK_SEED]) if tracks else None,
    )  # fmt: skip
    heart_rate_files, heart_rate_samples = write_heart_rate(landing, seed, heart_rate_share)
    write_csv(_truth_table(cohort.ids, scenario), out_dir / "truth.csv")

    return GenerationSummary(
        patients=patients,
        files=2 + lab_files + symptom_files + exercise_files + heart_rate_files,
        rows={
            "patients": patients_table.num_rows,
            "medications": medications.num_rows,
            "exercise": exercise_rows,
            "symptoms": symptom_rows,
            "labs": lab_rows,
            "heart_rate": heart_rate_samples,
        },
        end=end,
        seed=seed,
    )
