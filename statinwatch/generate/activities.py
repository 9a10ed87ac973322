"""Exercise vocabulary: habitual activities and the strenuous or eccentric sessions that sit
clearly above a person's usual load."""

from dataclasses import dataclass

import numpy as np

ACTIVITIES = ("walking", "running", "cycling", "strength", "hiit", "swimming", "hiking", "yoga")
PRIMARY_WEIGHTS = (0.28, 0.18, 0.15, 0.12, 0.06, 0.07, 0.04, 0.10)
# Habits with no eccentric activity (strength, HIIT, hiking): a strength, HIIT or hiking
# session is then always the first of its kind in the person's 28-day baseline.
ENDURANCE_ACTIVITIES = np.array(
    [ACTIVITIES.index(name) for name in ("walking", "running", "cycling", "swimming")]
)
SPEED_KMH = np.array([5.0, 9.5, 21.0, np.nan, np.nan, 2.2, 4.0, np.nan])
# Habitual descents stay small; a long downhill hike is what makes a session eccentric.
ELEVATION_LOSS_LOW = np.array([0.0, 0.0, 0.0, np.nan, np.nan, np.nan, 50.0, np.nan])
ELEVATION_LOSS_HIGH = np.array([40.0, 60.0, 80.0, np.nan, np.nan, np.nan, 250.0, np.nan])
# Walking and hiking are at most moderate, yoga light and HIIT never light, whatever the
# person's usual effort.
MIN_LEVEL = np.array([0, 0, 0, 0, 1, 0, 0, 0])
MAX_LEVEL = np.array([1, 2, 2, 2, 2, 2, 1, 0])

INTENSITIES = ("light", "moderate", "vigorous")
VIGOROUS = 2
HR_BY_LEVEL = np.array([100.0, 124.0, 148.0])
RPE_LOW = np.array([2, 4, 6])
RPE_HIGH = np.array([4, 6, 8])

HABITUAL_NOTES = ("felt good", "easy pace", "commute", "group class", "new shoes", "with friends")


@dataclass(frozen=True)
class StrenuousKind:
    name: str
    activity: str
    minutes: tuple[float, float]
    distance_km: tuple[float, float] | None
    elevation_loss_m: tuple[float, float] | None
    note: str
    sites: tuple[str, ...]  # the muscles that get sore afterwards


STRENUOUS_KINDS = (
    StrenuousKind(
        "marathon",
        "running",
        (200, 330),
        (42.2, 42.7),
        (80, 400),
        "City marathon",
        ("thigh", "calf"),
    ),
    StrenuousKind(
        "half_marathon",
        "running",
        (100, 165),
        (21.1, 21.5),
        (40, 200),
        "Half marathon race",
        ("thigh", "calf"),
    ),
    StrenuousKind(
        "downhill_hike",
        "hiking",
        (300, 480),
        (12, 22),
        (1200, 2200),
        "Long descent from the summit",
        ("thigh",),
    ),
    StrenuousKind(
        "long_hiit", "hiit", (75, 110), None, None, "Back-to-back HIIT classes", ("thigh", "calf")
    ),
    StrenuousKind(
        "heavy_legs",
        "strength",
        (90, 130),
        None,
        None,
        "Heavy eccentric leg day: squats and lunges",
        ("thigh", "hip"),
    ),
    StrenuousKind(
        "heavy_upper",
        "strength",
        (90, 120),
        None,
        None,
        "Heavy eccentric upper-body session",
        ("arm", "shoulder"),
    ),
    # Below race distance: strenuous only by its length against the person's usual sessions.
    StrenuousKind(
        "long_run",
        "running",
        (100, 150),
        (15.0, 19.5),
        (40, 200),
        "Longest run in months",
        ("thigh", "calf"),
    ),
)
# A long run is strenuous only against a baseline no earlier hard session has inflated, so
# only the repeated-bout story places one, as the first bout.
KIND_WEIGHTS = (0.12, 0.22, 0.16, 0.18, 0.20, 0.12, 0.0)
KIND_INDEX = {kind.name: i for i, kind in enumerate(STRENUOUS_KINDS)}
# Sessions a CK rise is commonly drawn after (race distance or heavy eccentric load).
CK_RAISING_KINDS = tuple(
    KIND_INDEX[name] for name in ("marathon", "half_marathon", "downhill_hike", "heavy_legs")
)
# Kinds that leave the thighs sore (the legs did the work).
LEG_KINDS = tuple(i for i, kind in enumerate(STRENUOUS_KINDS) if "thigh" in kind.sites)
# A strenuous session is at least this many times the person's typical session length.
LOAD_RATIO = 2.2

NOTES = HABITUAL_NOTES + tuple(kind.note for kind in STRENUOUS_KINDS)
KIND_ACTIVITY = np.array([ACTIVITIES.index(kind.activity) for kind in STRENUOUS_KINDS])
KIND_NOTE = np.arange(len(STRENUOUS_KINDS)) + len(HABITUAL_NOTES)
# Two sore sites per kind (a kind with one site repeats it) so a site can be drawn by column.
KIND_SITES = np.array([(kind.sites * 2)[:2] for kind in STRENUOUS_KINDS])


def _bounds(ranges: list[tuple[float, float] | None]) -> tuple[np.ndarray, np.ndarray]:
    low = np.array([np.nan if r is None else r[0] for r in ranges])
    high = np.array([np.nan if r is None else r[1] for r in ranges])
    return low, high


KIND_MINUTES_LOW, KIND_MINUTES_HIGH = _bounds([kind.minutes for kind in STRENUOUS_KINDS])
KIND_DISTANCE_LOW, KIND_DISTANCE_HIGH = _bounds([kind.distance_km for kind in STRENUOUS_KINDS])
KIND_ELEVATION_LOW, KIND_ELEVATION_HIGH = _bounds(
    [kind.elevation_loss_m for kind in STRENUOUS_KINDS]
)
