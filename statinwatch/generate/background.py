"""Background noise every patient gets, chosen so that it never changes an expected outcome:
ordinary co-medications, antibiotic courses, routine labs and occasional strenuous sessions."""

import numpy as np

from statinwatch.generate import catalog
from statinwatch.generate.activities import KIND_SITES, KIND_WEIGHTS, STRENUOUS_KINDS
from statinwatch.generate.cohort import Cohort
from statinwatch.generate.events import DAY, DISPENSED, HOUR, NO_END, STATEMENT, Context
from statinwatch.generate.timeline import (
    MAX_HISTORY_DAYS,
    NORMAL_CK,
    add_ck,
    add_episode,
    add_lab,
    add_reports,
    add_session,
)

COMED_COUNT_WEIGHTS = (0.35, 0.35, 0.2, 0.1)
COMED_STATEMENT_RATE = 0.5
LEVOTHYROXINE_RATE = 0.8
COURSE_RATE = 0.15
COURSE_DAYS = (7, 10, 14)
STRENUOUS_PER_YEAR = 1.0
# Share of people allowed a stray report who get one after their first hard session.
SORENESS_NOISE_RATE = 0.4
PANEL_RATE = 0.5
TSH_RATE = 0.4
LDL_RATE = 0.7
NEVER_STATIN_CK_RATE = 0.05


def add_background(
    ctx: Context, cohort: Cohort, never_statin: np.ndarray, sore_ok: np.ndarray
) -> None:
    """`sore_ok` marks patients whose story survives a stray mild soreness report."""
    _comedications(ctx, never_statin)
    _levothyroxine(ctx, cohort.hypothyroid)
    _courses(ctx, never_statin)
    _strenuous_sessions(ctx, sore_ok)
    _routine_labs(ctx, cohort, never_statin)


def _comedications(ctx: Context, never_statin: np.ndarray) -> None:
    """Up to three distinct long-term drugs; interacting ones only without any statin."""
    count = ctx.pick(np.arange(len(COMED_COUNT_WEIGHTS)), len(never_statin), COMED_COUNT_WEIGHTS)
    for pool, members in (
        (catalog.BROAD_COMEDS, never_statin),
        (catalog.SAFE_COMEDS, ~never_statin),
    ):
        pids = np.flatnonzero(members & (count > 0))
        shuffled = np.argsort(ctx.rng.random((len(pids), len(pool))), axis=1)
        chosen = np.arange(len(pool))[None, :] < count[pids][:, None]
        patient = np.broadcast_to(pids[:, None], chosen.shape)[chosen]
        n = len(patient)
        mode = np.where(ctx.chance(COMED_STATEMENT_RATE, n), STATEMENT, DISPENSED)
        products = catalog.product_ids(pool)[shuffled][chosen]
        add_episode(ctx, patient, products, -ctx.between(30, MAX_HISTORY_DAYS, n), mode=mode)


def _levothyroxine(ctx: Context, hypothyroid: np.ndarray) -> None:
    pids = np.flatnonzero(hypothyroid & ctx.chance(LEVOTHYROXINE_RATE, len(hypothyroid)))
    start = -ctx.between(90, MAX_HISTORY_DAYS, len(pids))
    add_episode(ctx, pids, catalog.PRODUCT_INDEX["levothyroxine"], start)


def _courses(ctx: Context, never_statin: np.ndarray) -> None:
    """Short antibiotic courses; clarithromycin only where no statin was ever taken."""
    pids = np.flatnonzero(ctx.chance(COURSE_RATE, len(never_statin)))
    n = len(pids)
    clarithromycin = never_statin[pids] & ctx.chance(0.5, n)
    products = np.where(
        clarithromycin,
        catalog.PRODUCT_INDEX["clarithromycin"],
        catalog.PRODUCT_INDEX["amoxicillin"],
    )
    length = ctx.pick(COURSE_DAYS, n)
    start = ctx.between(ctx.first_day, -length, n)
    end = start + length - 1
    add_episode(ctx, pids, products, start, end=end, cadence=length, closed_status="completed")


def _quiet_hull(ctx: Context, n: int) -> tuple[np.ndarray, np.ndarray]:
    quiet = ctx.events.table("quiet")
    low = np.full(n, NO_END)
    high = np.full(n, -NO_END)
    patient = quiet["patient"].to_numpy(dtype=np.int64)
    np.minimum.at(low, patient, quiet["start"].to_numpy(dtype=np.int64))
    np.maximum.at(high, patient, quiet["end"].to_numpy(dtype=np.int64))
    return low, high


def _strenuous_sessions(ctx: Context, sore_ok: np.ndarray) -> None:
    """Occasional hard sessions, kept out of every story's quiet window."""
    n = len(sore_ok)
    count = ctx.rng.poisson(STRENUOUS_PER_YEAR * ctx.days / 365, n)
    patient = np.repeat(np.arange(n), count)
    day = ctx.between(ctx.first_day, 0, len(patient))
    kind = ctx.pick(np.arange(len(STRENUOUS_KINDS)), len(patient), KIND_WEIGHTS)
    low, high = _quiet_hull(ctx, n)
    free = (day < low[patient]) | (day > high[patient])
    patient, day, kind = patient[free], day[free], kind[free]
    at = add_session(ctx, patient, day, kind)
    _soreness_noise(ctx, patient, at, kind, sore_ok)


def _soreness_noise(
    ctx: Context, patient: np.ndarray, at: np.ndarray, kind: np.ndarray, sore_ok: np.ndarray
) -> None:
    """A single mild report the day after someone's first hard session."""
    _, first = np.unique(patient, return_index=True)
    first = first[sore_ok[patient[first]] & ctx.chance(SORENESS_NOISE_RATE, len(first))]
    reported = at[first] + ctx.between(16 * HOUR, 30 * HOUR, len(first))
    first, reported = first[reported < DAY], reported[reported < DAY]
    n = len(first)
    add_reports(
        ctx,
        patient[first],
        reported,
        ctx.pick(("myalgia", "stiffness"), n),
        ctx.between(1, 3, n),
        KIND_SITES[kind[first], 0],
        ctx.pick(("both", "left", "right"), n),
    )


def _routine_labs(ctx: Context, cohort: Cohort, never_statin: np.ndarray) -> None:
    n = len(cohort)
    pids = np.flatnonzero(ctx.chance(PANEL_RATE, n))
    m = len(pids)
    day = ctx.between(ctx.first_day, 0, m)
    male = cohort.sex[pids] == "M"
    add_lab(
        ctx,
        pids,
        day,
        "creatinine",
        np.where(male, ctx.uniform(0.7, 1.2, m), ctx.uniform(0.6, 1.0, m)),
    )
    tsh = ctx.chance(TSH_RATE, m)
    level = np.where(cohort.hypothyroid[pids], ctx.uniform(4.8, 9.0, m), ctx.uniform(0.5, 4.0, m))
    add_lab(ctx, pids[tsh], day[tsh], "TSH", level[tsh])
    ldl = ~never_statin[pids] & ctx.chance(LDL_RATE, m)
    add_lab(ctx, pids[ldl], day[ldl], "LDL-C", ctx.uniform(55, 160, int(ldl.sum())))
    checked = np.flatnonzero(never_statin & ctx.chance(NEVER_STATIN_CK_RATE, n))
    add_ck(
        ctx,
        checked,
        ctx.between(ctx.first_day, 0, len(checked)),
        ctx.uniform(*NORMAL_CK, len(checked)),
    )
