"""The event log that scenario stories write into before any file is rendered.

Days are integers relative to the end date (0 = end, -1 = the day before); times are seconds
relative to midnight starting the end date, in the patient's local wall-clock time.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DAY = 86_400
HOUR = 3_600

# Ongoing medication episodes end far beyond any as-of date.
NO_END = 1_000_000
DISPENSED = 0
STATEMENT = 1

EPISODE_COLUMNS = ("patient", "product", "start", "end", "cadence", "mode", "closed_status")
SYMPTOM_COLUMNS = (
    "patient",
    "at",
    "symptom",
    "severity",
    "site",
    "side",
    "nocturnal",
    "dark_urine",
    "note",
)
# For CK the value is a multiple of the upper limit of normal; the lab renderer picks the ULN.
LAB_COLUMNS = ("patient", "at", "test", "value")
SESSION_COLUMNS = ("patient", "at", "kind")
QUIET_COLUMNS = ("patient", "start", "end")

COLUMNS: dict[str, Sequence[str]] = {
    "episodes": EPISODE_COLUMNS,
    "symptoms": SYMPTOM_COLUMNS,
    "labs": LAB_COLUMNS,
    "sessions": SESSION_COLUMNS,
    "quiet": QUIET_COLUMNS,
}


class EventLog:
    """Column batches per event kind, concatenated once all stories are told."""

    def __init__(self) -> None:
        self._batches: dict[str, list[pd.DataFrame]] = {kind: [] for kind in COLUMNS}

    def add(self, kind: str, /, **columns: object) -> None:
        frame = pd.DataFrame(columns)
        self._batches[kind].append(frame[list(COLUMNS[kind])])

    def table(self, kind: str) -> pd.DataFrame:
        frames = [frame for frame in self._batches[kind] if len(frame)]
        if not frames:
            return pd.DataFrame({column: [] for column in COLUMNS[kind]})
        return pd.concat(frames, ignore_index=True)


@dataclass
class Context:
    """What every story needs: the one random generator, the window and the log."""

    rng: np.random.Generator
    days: int
    events: EventLog = field(default_factory=EventLog)

    @property
    def first_day(self) -> int:
        return 1 - self.days

    def between(
        self, low: int | np.ndarray, high: int | np.ndarray, n: int | tuple[int, ...]
    ) -> np.ndarray:
        """Integers drawn uniformly from the closed interval [low, high]; `n` may be a shape."""
        return self.rng.integers(low, np.asarray(high) + 1, size=n)

    def uniform(self, low: float, high: float, n: int) -> np.ndarray:
        return self.rng.uniform(low, high, size=n)

    def pick(
        self, options: Sequence[object], n: int, weights: Sequence[float] | None = None
    ) -> np.ndarray:
        probabilities = None if weights is None else np.asarray(weights) / np.sum(weights)
        chosen = self.rng.choice(len(options), size=n, p=probabilities)
        return np.asarray(options)[chosen]

    def chance(self, probability: float, n: int) -> np.ndarray:
        return self.rng.random(n) < probability
