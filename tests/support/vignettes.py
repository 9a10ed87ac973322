"""Clinical vignettes: small patient stories with the outcome the cited criteria call for.

Each vignette lands its own rows (its own patient id) so many of them can share one run.
Expected outcomes are written from CONTRACT §5 and ../shared/docs/clinical.md, never from
the engine's output; `source` names the criterion.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from tests.support.home import run_day, statinwatch

STREAM_FILES = {
    "patients": "patients/vignettes.csv",
    "medications": "medications/vignettes.csv",
    "exercise": "exercise/vignettes.csv",
    "symptoms": "symptoms/vignettes.csv",
    "labs": "labs/vignettes.csv",
}


@dataclass(frozen=True)
class Vignette:
    patient_id: str
    story: str
    source: str
    expected_priority: str | None
    reasons_include: tuple[str, ...] = ()
    reasons_exclude: tuple[str, ...] = ()
    explanation_includes: tuple[str, ...] = ()
    patient: dict = field(default_factory=dict)
    medications: tuple[dict, ...] = ()
    exercise: tuple[dict, ...] = ()
    symptoms: tuple[dict, ...] = ()
    labs: tuple[dict, ...] = ()


def land_vignettes(landing: Path, vignettes: list[Vignette]) -> None:
    """Write every vignette's rows as one CSV per stream under landing/."""
    rows: dict[str, list[dict]] = {stream: [] for stream in STREAM_FILES}
    for vignette in vignettes:
        pid = {"patient_id": vignette.patient_id}
        rows["patients"].append({**pid, "sex": "F", "birth_date": "1960-01-01", **vignette.patient})
        for stream in ("medications", "exercise", "symptoms", "labs"):
            rows[stream].extend({**pid, **row} for row in getattr(vignette, stream))
    for stream, relative in STREAM_FILES.items():
        if rows[stream]:
            path = landing / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            pd.DataFrame(rows[stream]).to_csv(path, index=False)


def outcome_problems(vignette: Vignette, cohort: pd.DataFrame) -> list[str]:
    """What differs between a vignette's expectation and the flagged cohort, in words."""
    flagged = cohort[cohort["patient_id"] == vignette.patient_id]
    if vignette.expected_priority is None:
        return (
            []
            if flagged.empty
            else [f"flagged {flagged.iloc[0]['priority']}, expected not flagged"]
        )
    if flagged.empty:
        return [f"not flagged, expected {vignette.expected_priority}"]
    row = flagged.iloc[0]
    reasons = set(row["reasons"].split(";"))
    problems = []
    if row["priority"] != vignette.expected_priority:
        problems.append(f"priority {row['priority']}, expected {vignette.expected_priority}")
    problems += [f"missing reason {r}" for r in vignette.reasons_include if r not in reasons]
    problems += [f"unexpected reason {r}" for r in vignette.reasons_exclude if r in reasons]
    problems += [
        f"explanation lacks {text!r}"
        for text in vignette.explanation_includes
        if text not in row["explanation"]
    ]
    return problems


def sessions(
    first: str, last: str, every_days: int, minutes: float, activity: str = "running", **extra
) -> tuple[dict, ...]:
    """A habitual exercise pattern: one session every few days at 07:00."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    days = range(0, (end - start).days + 1, every_days)
    return tuple(
        {
            "start_time": f"{start + timedelta(days=d)}T07:00:00",
            "duration_min": minutes,
            "activity": activity,
            "intensity": "moderate",
            **extra,
        }
        for d in days
    )


def reports(
    first: str, last: str, every_days: int, symptom: str = "myalgia", **extra
) -> tuple[dict, ...]:
    """A symptom reported every few days from `first` to `last` (both included)."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    days = [*range(0, (end - start).days, every_days), (end - start).days]
    return tuple(
        {
            "reported_at": f"{start + timedelta(days=d)}T20:00:00",
            "symptom": symptom,
            "severity": 5,
            **extra,
        }
        for d in sorted(set(days))
    )


def flagged_cohort(
    home: Path,
    vignettes: list[Vignette],
    as_of: str,
    engine: str = "duckdb",
    env: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Land the vignettes in an empty home, run `statinwatch run` for the date as an
    operator would (the clinical stage on `engine`, settings in `env`), and read back the
    flagged cohort."""
    land_vignettes(home / "landing", vignettes)
    result = statinwatch("run", "--home", str(home), "--as-of", as_of, "--engine", engine, env=env)
    assert result.returncode == 0, result.stderr
    return _cohort_file(home, as_of)


def flagged_cohort_in_process(
    home: Path, vignettes: list[Vignette], as_of: str, engine: str
) -> pd.DataFrame:
    """As `flagged_cohort`, with the daily job run in this process, so a Spark run reuses the
    test process's session instead of starting a JVM of its own."""
    land_vignettes(home / "landing", vignettes)
    assert run_day(home, as_of, engine).success
    return _cohort_file(home, as_of)


def _cohort_file(home: Path, as_of: str) -> pd.DataFrame:
    return pd.read_csv(home / "reports" / as_of / "flagged_cohort.csv")
