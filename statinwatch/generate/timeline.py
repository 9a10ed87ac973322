"""Building blocks the scenario stories are told with: medication episodes, symptom
series, lab draws, strenuous sessions and quiet windows."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from statinwatch.generate.catalog import product_ids
from statinwatch.generate.events import DAY, DISPENSED, HOUR, NO_END, Context

# Long-term histories start at most this many days before the end date.
MAX_HISTORY_DAYS = 2000
REFILL_CADENCES = (30, 90)
REFILL_WEIGHTS = (0.6, 0.4)
NOTE_RATE = 0.3
FREE_TEXT_RATE = 0.1
# Background strenuous sessions stay this many days clear of a story's key events.
QUIET_MARGIN_DAYS = 10
# CK as multiples of the upper limit of normal.
NORMAL_CK = (0.2, 0.9)
MILD_CK = (1.2, 2.8)
# Hours of the day (local) at which things happen.
REPORT_HOURS = (8, 21)
NIGHT_HOURS = (1, 5)
LAB_HOURS = (7, 11)
SESSION_HOURS = (7, 10)


@dataclass(frozen=True)
class SeriesSpec:
    """How one patient-reported symptom series reads."""

    first: str
    later: tuple[str, ...]
    sites: tuple[str, ...]
    sides: tuple[str | None, ...]  # None: no side (a headache)
    severity: tuple[int, int]
    notes: tuple[str, ...] = ()
    note_rate: float = NOTE_RATE
    free_text: tuple[str, ...] = ()
    night: bool = False
    nocturnal_rate: float = 0.0
    dark_urine: bool = False


def refill_cadence(ctx: Context, n: int) -> np.ndarray:
    return ctx.pick(REFILL_CADENCES, n, REFILL_WEIGHTS).astype(int)


def aligned_start(end: np.ndarray, length: np.ndarray, cadence: np.ndarray) -> np.ndarray:
    """Start a closed episode so that whole refills cover it up to and including `end`."""
    fills = np.maximum(length // cadence, 1)
    return end + 1 - fills * cadence


def add_episode(
    ctx: Context,
    pids: np.ndarray,
    products: np.ndarray,
    start: np.ndarray,
    *,
    end: np.ndarray | int = NO_END,
    cadence: np.ndarray | int | None = None,
    mode: np.ndarray | int = DISPENSED,
    closed_status: str = "stopped",
) -> None:
    if cadence is None:
        cadence = refill_cadence(ctx, len(pids))
    ctx.events.add(
        "episodes",
        patient=pids,
        product=products,
        start=start,
        end=end,
        cadence=cadence,
        mode=mode,
        closed_status=closed_status,
    )


def add_long_term_statin(
    ctx: Context,
    pids: np.ndarray,
    pool: Sequence[str],
    min_age_days: int,
    *,
    end: np.ndarray | None = None,
    mode: np.ndarray | int = DISPENSED,
) -> None:
    """One statin taken since at least `min_age_days` before the end (or before `end`)."""
    n = len(pids)
    products = ctx.pick(product_ids(pool), n)
    cadence = refill_cadence(ctx, n)
    length = ctx.between(min_age_days, MAX_HISTORY_DAYS, n)
    if end is None:
        add_episode(ctx, pids, products, -length, cadence=cadence, mode=mode)
    else:
        start = aligned_start(end, length, cadence)
        add_episode(ctx, pids, products, start, end=end, cadence=cadence, mode=mode)


def schedule(
    ctx: Context, onset: np.ndarray, last: np.ndarray, gap: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Report days every `gap` days from onset, always ending with a report on `last`.

    Returns owner (index into the series), day, is_first and is_last, owner-major.
    """
    n = len(onset)
    width = int(np.max(last - onset, initial=0)) // gap[0] + 1
    steps = ctx.rng.integers(gap[0], gap[1] + 1, size=(n, width))
    steps[:, 0] = 0
    days = np.concatenate([onset[:, None] + np.cumsum(steps, axis=1), last[:, None]], axis=1)
    keep = days <= last[:, None]
    kept_before_last = np.where(keep[:, :-1], days[:, :-1], np.iinfo(np.int64).min).max(axis=1)
    keep[:, -1] = kept_before_last < last
    ordinal = np.cumsum(keep, axis=1) - 1
    owner = np.broadcast_to(np.arange(n)[:, None], days.shape)[keep]
    is_first = ordinal[keep] == 0
    is_last = ordinal[keep] == keep.sum(axis=1)[owner] - 1
    return owner, days[keep], is_first, is_last


def add_reports(
    ctx: Context,
    patients: np.ndarray,
    at: np.ndarray,
    symptom: np.ndarray | str,
    severity: np.ndarray,
    site: np.ndarray | str,
    side: np.ndarray | str,
    *,
    nocturnal: np.ndarray | bool = False,
    dark_urine: np.ndarray | bool = False,
    notes: Sequence[str] = (),
    note_rate: float = NOTE_RATE,
) -> None:
    n = len(patients)
    note = np.full(n, None, dtype=object)
    if notes:
        with_note = ctx.chance(note_rate, n)
        note[with_note] = ctx.pick(notes, int(with_note.sum()))
    ctx.events.add(
        "symptoms",
        patient=patients,
        at=at,
        symptom=symptom,
        severity=np.clip(severity, 0, 10).astype(int),
        site=site,
        side=side,
        nocturnal=nocturnal,
        dark_urine=dark_urine,
        note=note,
    )


def add_series(
    ctx: Context,
    pids: np.ndarray,
    onset: np.ndarray,
    last: np.ndarray,
    spec: SeriesSpec,
    gap: tuple[int, int] = (2, 4),
) -> None:
    """A symptom reported every few days from onset to last, same site and side throughout."""
    owner, day, is_first, is_last = schedule(ctx, onset, last, gap)
    n = len(owner)
    symptom = np.where(is_first, spec.first, ctx.pick(spec.later, n)).astype(object)
    if spec.free_text:
        # Free text only between the first and last reports, so the coded ones bound the series.
        free = ~is_first & ~is_last & ctx.chance(FREE_TEXT_RATE, n)
        symptom[free] = ctx.pick(spec.free_text, int(free.sum()))
    base = ctx.between(*spec.severity, len(pids))
    severity = np.clip(base[owner] + ctx.between(-1, 1, n), 1, 10)
    hours = NIGHT_HOURS if spec.night else REPORT_HOURS
    at = day * DAY + ctx.between(hours[0] * HOUR, hours[1] * HOUR, n)
    nocturnal = np.full(n, True) if spec.night else ctx.chance(spec.nocturnal_rate, n)
    add_reports(
        ctx,
        pids[owner],
        at,
        symptom,
        severity,
        ctx.pick(spec.sites, len(pids))[owner],
        ctx.pick(spec.sides, len(pids))[owner],
        nocturnal=nocturnal,
        dark_urine=spec.dark_urine,
        notes=spec.notes,
        note_rate=spec.note_rate,
    )


def add_lab(ctx: Context, pids: np.ndarray, day: np.ndarray, test: str, value: np.ndarray) -> None:
    at = day * DAY + ctx.between(LAB_HOURS[0] * HOUR, LAB_HOURS[1] * HOUR, len(pids))
    ctx.events.add("labs", patient=pids, at=at, test=test, value=value)


def add_ck(ctx: Context, pids: np.ndarray, day: np.ndarray, multiple: np.ndarray) -> None:
    add_lab(ctx, pids, day, "CK", multiple)


def add_optional_ck(
    ctx: Context,
    pids: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    p_normal: float,
    p_mild: float = 0.0,
) -> None:
    """CK absent, normal or mildly raised (below 3x ULN), drawn between two days."""
    roll = ctx.rng.random(len(pids))
    drawn = roll < p_normal + p_mild
    multiple = np.where(
        roll < p_normal, ctx.uniform(*NORMAL_CK, len(pids)), ctx.uniform(*MILD_CK, len(pids))
    )
    day = ctx.between(first, last, len(pids))
    add_ck(ctx, pids[drawn], day[drawn], multiple[drawn])


def add_session(ctx: Context, pids: np.ndarray, day: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """A strenuous session in the morning of `day`; returns its start time."""
    at = day * DAY + ctx.between(SESSION_HOURS[0] * HOUR, SESSION_HOURS[1] * HOUR, len(pids))
    ctx.events.add("sessions", patient=pids, at=at, kind=kind)
    return at


def add_quiet(
    ctx: Context, pids: np.ndarray, start: np.ndarray | int, end: np.ndarray | int = 0
) -> None:
    """Keep background strenuous sessions out of [start - margin, end]."""
    ctx.events.add("quiet", patient=pids, start=np.asarray(start) - QUIET_MARGIN_DAYS, end=end)
