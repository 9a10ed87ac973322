"""Patient scenarios: who gets which story, and the expected priority a correct engine gives
at as-of = end. Priorities follow the contract's definitions (CONTRACT §5); they are not
derived from any engine."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from statinwatch.generate import catalog
from statinwatch.generate.activities import (
    CK_RAISING_KINDS,
    KIND_INDEX,
    KIND_SITES,
    KIND_WEIGHTS,
    LEG_KINDS,
    STRENUOUS_KINDS,
)
from statinwatch.generate.events import DAY, DISPENSED, HOUR, STATEMENT, Context
from statinwatch.generate.timeline import (
    NORMAL_CK,
    SESSION_HOURS,
    SeriesSpec,
    add_ck,
    add_episode,
    add_lab,
    add_long_term_statin,
    add_optional_ck,
    add_quiet,
    add_reports,
    add_series,
    add_session,
    aligned_start,
    refill_cadence,
)


@dataclass(frozen=True)
class Scenario:
    name: str
    priority: str
    share: float


# The first scenario takes whatever share the others leave.
SCENARIOS = (
    Scenario("no_statin", "none", 0.0),
    Scenario("no_statin_muscle_pain", "none", 0.03),
    Scenario("statin_stable_no_symptoms", "none", 0.28),
    Scenario("statin_stopped_long_ago", "none", 0.025),
    Scenario("exercise_soreness", "low", 0.03),
    Scenario("exercise_ck_no_symptoms", "low", 0.015),
    Scenario("statin_pattern_new_start", "high", 0.025),
    Scenario("statin_pattern_dose_increase", "high", 0.02),
    Scenario("statin_possible_late", "medium", 0.025),
    Scenario("nocturnal_cramps", "medium", 0.015),
    Scenario("statin_recently_stopped_symptoms", "medium", 0.015),
    Scenario("ck_4_10x_symptoms", "high", 0.012),
    Scenario("myopathy_ck_gt10", "urgent", 0.01),
    Scenario("rhabdomyolysis", "urgent", 0.01),
    Scenario("weakness_ck_elevated", "urgent", 0.01),
    Scenario("interaction_symptoms", "high", 0.012),
    Scenario("interaction_no_symptoms", "low", 0.015),
    Scenario("tendon_pain_only", "low", 0.012),
    Scenario("exercise_repeated_bouts", "low", 0.015),
    Scenario("exercise_sparse_reports", "low", 0.015),
    Scenario("soreness_outlasts_doms", "medium", 0.01),
    Scenario("non_muscle_complaints", "none", 0.015),
)
SCENARIO_NAMES = tuple(scenario.name for scenario in SCENARIOS)
# From this cohort size on, every scenario has at least one patient.
ALL_SCENARIOS_FROM = 60
# Scenarios whose patients never took a statin, so any co-medication is safe.
NEVER_STATIN = ("no_statin", "no_statin_muscle_pain")
# Exercise stories need a habitual load to be clearly above.
EXERCISE_STORIES = (
    "exercise_soreness",
    "exercise_ck_no_symptoms",
    "exercise_repeated_bouts",
    "exercise_sparse_reports",
    "soreness_outlasts_doms",
)
# Stories whose strength, HIIT or hiking sessions must be the first of their kind: these
# patients habitually only walk, run, cycle or swim.
ENDURANCE_STORIES = (
    "exercise_repeated_bouts",
    "exercise_sparse_reports",
    "soreness_outlasts_doms",
)

PAIN_NOTES = ("worse on stairs", "aching at rest", "no new exercise")
SAMS_NOTES = (*PAIN_NOTES, "aches on both sides")
SAMS_LATER = ("myalgia", "myalgia", "myalgia", "stiffness", "tenderness", "cramp")
SAMS_FREE_TEXT = ("aching thighs", "heavy legs", "muscles feel bruised")
SAMS_BILATERAL = SeriesSpec(
    first="myalgia",
    later=SAMS_LATER,
    sites=("thigh", "hip", "calf"),
    sides=("both",),
    severity=(3, 6),
    notes=SAMS_NOTES,
    free_text=SAMS_FREE_TEXT,
    nocturnal_rate=0.15,
)
MUSCLE_PAIN = SeriesSpec(
    first="myalgia",
    later=SAMS_LATER,
    sites=("thigh", "calf", "hip", "back", "shoulder", "arm"),
    sides=("both", "both", "left", "right"),
    severity=(3, 6),
    notes=PAIN_NOTES,
    free_text=SAMS_FREE_TEXT,
    nocturnal_rate=0.1,
)
SEVERE_MUSCLE_PAIN = SeriesSpec(
    first="myalgia",
    later=SAMS_LATER,
    sites=("thigh", "calf", "hip", "back"),
    sides=("both",),
    severity=(5, 8),
    notes=SAMS_NOTES,
)
NIGHT_CRAMPS = SeriesSpec(
    first="cramp",
    later=("cramp",),
    sites=("calf",),
    sides=("left", "right", "both"),
    severity=(3, 7),
    notes=("woke with calf cramp", "cramp eased after stretching"),
    night=True,
)
RHABDO = SeriesSpec(
    first="myalgia",
    later=("weakness", "myalgia"),
    sites=("thigh", "back", "calf"),
    sides=("both",),
    severity=(7, 9),
    notes=("dark cola-coloured urine", "can barely walk"),
    dark_urine=True,
)
WEAKNESS = SeriesSpec(
    first="weakness",
    later=("weakness", "myalgia"),
    sites=("thigh", "hip", "shoulder"),
    sides=("both",),
    severity=(4, 7),
    notes=("hard to get up from a chair", "struggling with stairs"),
)
TENDON = SeriesSpec(
    first="tendon_pain",
    later=("tendon_pain",),
    sites=("achilles",),
    sides=("left", "right", "both"),
    severity=(2, 5),
    notes=("heel pain on first steps",),
)
DOMS_SYMPTOMS = ("myalgia", "stiffness", "tenderness")
DOMS_NOTES = ("sore since the session", "stairs hurt", "easing off")
DOMS_SIDES = ("both", "left", "right")
DOMS_SIDE_WEIGHTS = (0.55, 0.22, 0.23)
# Soreness in the legs a hard session worked that goes on past the DOMS course.
LINGERING_SORENESS = SeriesSpec(
    first="myalgia",
    later=DOMS_SYMPTOMS,
    sites=("thigh", "calf"),
    sides=("both", "both", "left", "right"),
    severity=(3, 6),
    notes=("sore since the race", "still not easing", "no hard sessions since"),
)
# Complaints that are not muscle symptoms (clinical.md §6.1, §8.8: arthralgia is a
# differential); their notes name no muscle, so no note matcher can read one into them.
HEADACHE = SeriesSpec(
    first="other",
    later=("other",),
    sites=("head",),
    sides=(None,),
    severity=(3, 6),
    notes=("tension headache", "headache behind the eyes", "headache, took paracetamol"),
    # Filed under "other": only the note says what the complaint is.
    note_rate=1.0,
)
CHEST_PAIN = SeriesSpec(
    first="chest pain",
    later=("chest pain",),
    sites=("chest",),
    sides=("left", "both", None),
    severity=(2, 5),
    notes=("comes and goes", "worse after a big meal"),
)
ABDOMINAL_PAIN = SeriesSpec(
    first="abdominal pain",
    later=("abdominal pain",),
    sites=("abdomen",),
    sides=(None,),
    severity=(2, 6),
    notes=("after meals", "bloated"),
)
JOINT_PAIN = SeriesSpec(
    first="joint pain",
    later=("joint pain", "other"),
    sites=("knee", "ankle"),
    sides=("left", "right", "both"),
    severity=(2, 6),
    notes=("knee swollen in the morning", "clicks on the stairs"),
)
NON_MUSCLE_COMPLAINTS = (HEADACHE, CHEST_PAIN, ABDOMINAL_PAIN, JOINT_PAIN)
# Story knobs that do not change the expected outcome.
NEXLIZET_RATE = 0.4
SWITCHED_RATE = 0.25
STATEMENT_RATE = 0.15
STOPPED_STATEMENT_RATE = 0.25
ROUTINE_CK_RATE = 0.3
DOMS_PRIOR_CK_RATE = 0.25
DOMS_THIRD_REPORT_RATE = 0.6
# Long courses are dispensed a month at a time.
CADENCE_CAP_DAYS = 30

# Repeated bouts: 2-4 hard sessions 4-6 days apart, so each bout's soreness is over before
# the next session yet no two reports are more than 7 days apart. The last bout is 3-7 days
# before the end, so all of its soreness is on file.
BOUT_COUNTS = (2, 3, 4)
BOUT_COUNT_WEIGHTS = (0.4, 0.35, 0.25)
BOUT_GAP_DAYS = (4, 6)
LAST_BOUT_DAYS = (3, 7)
# One slot per activity, each used at most once per patient. With endurance habits the
# strength, HIIT and hiking bouts are then first-of-their-kind eccentric sessions whatever
# came before; a run after another bout is a race distance, while a first bout may be a long
# run, which is strenuous only by its length against a baseline no earlier bout inflated.
RUN_SLOT = 0
BOUT_SLOTS = (
    ("half_marathon",),
    ("heavy_legs", "heavy_upper"),
    ("long_hiit",),
    ("downhill_hike",),
)
FIRST_RUNS = ("long_run", "half_marathon", "marathon")
FIRST_RUN_WEIGHTS = (0.6, 0.3, 0.1)
# Each bout: one report a day on the 1-3 days after the session, in waking hours; on the
# third day before the session's clock time, so every report is 12-72 h after it began.
BOUT_REPORT_DAYS = (1, 2, 3)
BOUT_REPORT_HOURS = (7, 21)
# Sessions start at SESSION_HOURS, so this hour is always before a session's clock time.
THIRD_DAY_FROM_HOUR = SESSION_HOURS[0] - 1
# Sparse reporting: one mild report late on day 3, or two on days 2 and 4, each 8-12 h past
# the clock time of the (morning) session: day 3 is then 80-84 h after it began.
SPARSE_KINDS = ("marathon", "half_marathon", "heavy_legs", "heavy_upper")
SPARSE_ONCE_RATE = 0.5
SPARSE_EVENING_HOURS = (8, 12)


def scenario_counts(n: int) -> np.ndarray:
    counts = np.array([int(scenario.share * n) for scenario in SCENARIOS])
    if n >= ALL_SCENARIOS_FROM:
        counts = np.maximum(counts, 1)
    counts[0] = n - counts[1:].sum()
    return counts


def assign_scenarios(rng: np.random.Generator, n: int) -> np.ndarray:
    """Scenario index per patient, in a random order."""
    return rng.permutation(np.repeat(np.arange(len(SCENARIOS)), scenario_counts(n)))


def _recent_series_window(
    ctx: Context, n: int, earliest: int, latest: int
) -> tuple[np.ndarray, np.ndarray]:
    """Onset `latest`..`earliest` days before the end; last report 0-2 days before the end."""
    return -ctx.between(latest, earliest, n), -ctx.between(0, 2, n)


def _no_statin_muscle_pain(ctx: Context, pids: np.ndarray) -> None:
    """Myalgia in the last month without any statin; some take bempedoic acid instead."""
    n = len(pids)
    onset, last = _recent_series_window(ctx, n, 26, 8)
    add_series(ctx, pids, onset, last, MUSCLE_PAIN)
    add_optional_ck(ctx, pids, onset, last, p_normal=0.3)
    add_quiet(ctx, pids, onset)
    nexlizet = pids[ctx.chance(NEXLIZET_RATE, n)]
    start = -ctx.between(60, 700, len(nexlizet))
    add_episode(ctx, nexlizet, catalog.PRODUCT_INDEX["nexlizet"], start)


def _statin_stable(ctx: Context, pids: np.ndarray) -> None:
    """Moderate intensity for over a year (some after an old switch), sometimes a normal CK."""
    n = len(pids)
    switched = ctx.chance(SWITCHED_RATE, n)
    mode = np.where(ctx.chance(STATEMENT_RATE, n), STATEMENT, DISPENSED)
    add_long_term_statin(ctx, pids[~switched], catalog.MODERATE_STATINS, 400, mode=mode[~switched])
    _switch_long_ago(ctx, pids[switched])
    checked = pids[ctx.chance(ROUTINE_CK_RATE, n)]
    day = ctx.between(ctx.first_day, 0, len(checked))
    add_ck(ctx, checked, day, ctx.uniform(*NORMAL_CK, len(checked)))


def _switch_long_ago(ctx: Context, pids: np.ndarray) -> None:
    """Simvastatin replaced by atorvastatin or rosuvastatin more than a year ago."""
    n = len(pids)
    switch = -ctx.between(400, 900, n)
    cadence = refill_cadence(ctx, n)
    old_start = aligned_start(switch - 1, ctx.between(200, 1000, n), cadence)
    old = ctx.pick(catalog.product_ids(catalog.SWITCH_FROM), n)
    add_episode(ctx, pids, old, old_start, end=switch - 1, cadence=cadence)
    add_episode(ctx, pids, ctx.pick(catalog.product_ids(catalog.SWITCH_TO), n), switch)


def _statin_stopped_long_ago(ctx: Context, pids: np.ndarray) -> None:
    """Statin ended 130-290 days ago (outside the 90-day window); recent myalgia."""
    n = len(pids)
    stop = -ctx.between(130, 290, n)
    mode = np.where(ctx.chance(STOPPED_STATEMENT_RATE, n), STATEMENT, DISPENSED)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 180, end=stop, mode=mode)
    onset, last = _recent_series_window(ctx, n, 26, 8)
    add_series(ctx, pids, onset, last, MUSCLE_PAIN)
    add_quiet(ctx, pids, onset)


def _hard_session(ctx: Context, pids: np.ndarray, day: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """A long-term statin and one strenuous session of the given kinds on `day`, with no other
    hard session from a month before it to the end; returns the session start."""
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 200)
    session = add_session(ctx, pids, day, kinds)
    # A month of ordinary load before the session makes it clearly unusual.
    add_quiet(ctx, pids, day - 20)
    return session


def _exercise_soreness(ctx: Context, pids: np.ndarray) -> None:
    """DOMS: an unusual session 5-25 days ago, soreness in the exercised muscles after it."""
    n = len(pids)
    day = -ctx.between(5, 25, n)
    kind = ctx.pick(np.arange(len(STRENUOUS_KINDS)), n, KIND_WEIGHTS)
    session = _hard_session(ctx, pids, day, kind)
    checked = ctx.chance(DOMS_PRIOR_CK_RATE, n)
    ck_day = (day - ctx.between(3, 20, n))[checked]
    add_ck(ctx, pids[checked], ck_day, ctx.uniform(*NORMAL_CK, int(checked.sum())))
    _doms_reports(ctx, pids, session, kind)


def _doms_reports(ctx: Context, pids: np.ndarray, session: np.ndarray, kind: np.ndarray) -> None:
    """Onset 14-40 h after the session, then two or three reports of falling severity, the
    last at most 70 h after onset."""
    n = len(pids)
    onset = ctx.between(14 * HOUR, 40 * HOUR, n)
    after = onset + np.stack(
        [
            np.zeros(n, int),
            ctx.between(18 * HOUR, 30 * HOUR, n),
            ctx.between(44 * HOUR, 70 * HOUR, n),
        ]
    )
    keep = np.stack([np.full(n, True), np.full(n, True), ctx.chance(DOMS_THIRD_REPORT_RATE, n)])
    _soreness_reports(ctx, pids, session, kind, after, keep, ctx.between(5, 7, n))


def _soreness_reports(
    ctx: Context,
    pids: np.ndarray,
    session: np.ndarray,
    kind: np.ndarray,
    after: np.ndarray,
    keep: np.ndarray,
    first_severity: np.ndarray,
) -> None:
    """Soreness in the muscles a session worked: one row of `after` (seconds past the session's
    start) and `keep` per report, one column per session; severity falls by 1-2 from each
    report to the next, never below 1."""
    n = len(pids)
    drops = ctx.between(1, 2, after.shape)
    drops[0] = 0
    severity = np.maximum(first_severity - np.cumsum(drops, axis=0), 1)
    owner = np.broadcast_to(np.arange(n), keep.shape)[keep]
    site = KIND_SITES[kind, ctx.between(0, KIND_SITES.shape[1] - 1, n)]
    add_reports(
        ctx,
        pids[owner],
        (session + after)[keep],
        ctx.pick(DOMS_SYMPTOMS, len(owner)),
        severity[keep],
        site[owner],
        ctx.pick(DOMS_SIDES, n, DOMS_SIDE_WEIGHTS)[owner],
        notes=DOMS_NOTES,
    )


def _bout_kinds(ctx: Context, n: int) -> np.ndarray:
    """Each patient's bouts in order (n x slots), one activity per slot in a random order."""
    order = np.argsort(ctx.rng.random((n, len(BOUT_SLOTS))), axis=1)
    options = np.stack(
        [ctx.pick([KIND_INDEX[name] for name in slot], n) for slot in BOUT_SLOTS], axis=1
    )
    kinds = np.take_along_axis(options, order, axis=1)
    first_run = ctx.pick([KIND_INDEX[name] for name in FIRST_RUNS], n, FIRST_RUN_WEIGHTS)
    kinds[:, 0] = np.where(order[:, 0] == RUN_SLOT, first_run, kinds[:, 0])
    return kinds


def _exercise_repeated_bouts(ctx: Context, pids: np.ndarray) -> None:
    """2-4 hard sessions of different kinds 4-6 days apart, each followed by its own short
    soreness; the reports of consecutive bouts are at most 7 days apart."""
    n = len(pids)
    slots = len(BOUT_SLOTS)
    count = ctx.pick(BOUT_COUNTS, n, BOUT_COUNT_WEIGHTS)
    gaps = ctx.between(*BOUT_GAP_DAYS, (n, slots - 1))
    offset = np.concatenate([np.zeros((n, 1), int), np.cumsum(gaps, axis=1)], axis=1)
    first = -ctx.between(*LAST_BOUT_DAYS, n) - offset[np.arange(n), count - 1]
    done = np.arange(slots) < count[:, None]
    bout_pids = np.broadcast_to(pids[:, None], done.shape)[done]
    kind = _bout_kinds(ctx, n)[done]
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 200)
    add_quiet(ctx, pids, first - 20)
    session = add_session(ctx, bout_pids, (first[:, None] + offset)[done], kind)
    m = len(bout_pids)
    _soreness_reports(
        ctx, bout_pids, session, kind, *_daily_reports(ctx, session), ctx.between(3, 6, m)
    )


def _daily_reports(ctx: Context, session: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One report a day for 1-3 days after each session: (seconds after the session's start,
    kept), one row per day."""
    m = len(session)
    days = np.asarray(BOUT_REPORT_DAYS)[:, None]
    clock = session % DAY
    hour = ctx.between(BOUT_REPORT_HOURS[0] * HOUR, BOUT_REPORT_HOURS[1] * HOUR, (len(days), m))
    hour[-1] = ctx.between(THIRD_DAY_FROM_HOUR * HOUR, clock, m)
    keep = days <= ctx.pick(BOUT_REPORT_DAYS, m)
    return days * DAY + hour - clock, keep


def _exercise_sparse_reports(ctx: Context, pids: np.ndarray) -> None:
    """One race or first gym session 6-25 days ago; mild soreness reported only once, late on
    day 3, or twice, on days 2 and 4."""
    n = len(pids)
    day = -ctx.between(6, 25, n)
    kind = ctx.pick([KIND_INDEX[name] for name in SPARSE_KINDS], n)
    session = _hard_session(ctx, pids, day, kind)
    once = ctx.chance(SPARSE_ONCE_RATE, n)
    report_day = np.stack([np.where(once, 3, 2), np.full(n, 4)])
    evening = ctx.between(SPARSE_EVENING_HOURS[0] * HOUR, SPARSE_EVENING_HOURS[1] * HOUR, (2, n))
    keep = np.stack([np.full(n, True), ~once])
    severity = np.where(once, ctx.between(1, 3, n), ctx.between(2, 3, n))
    _soreness_reports(ctx, pids, session, kind, report_day * DAY + evening, keep, severity)


def _soreness_outlasts_doms(ctx: Context, pids: np.ndarray) -> None:
    """Soreness from the day after a hard leg session, still reported 10-16 days after it
    with no hard session since: past the DOMS course."""
    n = len(pids)
    day = -ctx.between(12, 24, n)
    _hard_session(ctx, pids, day, ctx.pick(LEG_KINDS, n))
    last = day + ctx.between(10, np.minimum(16, -day), n)
    add_series(ctx, pids, day + 1, last, LINGERING_SORENESS)
    add_optional_ck(ctx, pids, day + 1, last, p_normal=0.3)


def _exercise_ck_no_symptoms(ctx: Context, pids: np.ndarray) -> None:
    """CK 5.5-14.5x ULN drawn 1-5 days after a race or heavy eccentric session; no symptoms."""
    n = len(pids)
    day = -ctx.between(6, 25, n)
    _hard_session(ctx, pids, day, ctx.pick(CK_RAISING_KINDS, n))
    add_ck(ctx, pids, day + ctx.between(1, 5, n), ctx.uniform(5.5, 14.5, n))


def _sams_pattern(ctx: Context, pids: np.ndarray, onset: np.ndarray) -> None:
    """Bilateral large-muscle myalgia every few days up to the end, CK absent or < 3x ULN."""
    last = -ctx.between(0, 2, len(pids))
    add_series(ctx, pids, onset, last, SAMS_BILATERAL)
    add_optional_ck(ctx, pids, onset, last, p_normal=0.3, p_mild=0.2)
    add_quiet(ctx, pids, onset)


def _statin_pattern_new_start(ctx: Context, pids: np.ndarray) -> None:
    """First statin ever, 16-40 days before onset (inside the 2-6 week window)."""
    n = len(pids)
    onset = -ctx.between(13, 26, n)
    start = onset - ctx.between(16, 40, n)
    add_episode(
        ctx, pids, ctx.pick(catalog.product_ids(catalog.NEW_START_STATINS), n), start, cadence=30
    )
    _sams_pattern(ctx, pids, onset)


def _statin_pattern_dose_increase(ctx: Context, pids: np.ndarray) -> None:
    """Long-term statin, a higher-dose order 23-54 days before onset (inside 3-8 weeks)."""
    n = len(pids)
    onset = -ctx.between(13, 26, n)
    change = onset - ctx.between(23, 54, n)
    step = ctx.rng.integers(0, len(catalog.DOSE_STEPS), n)
    old = catalog.product_ids([low for low, _ in catalog.DOSE_STEPS])[step]
    new = catalog.product_ids([high for _, high in catalog.DOSE_STEPS])[step]
    cadence = refill_cadence(ctx, n)
    old_start = aligned_start(change - 1, ctx.between(400, 2000, n), cadence)
    add_episode(ctx, pids, old, old_start, end=change - 1, cadence=cadence)
    add_episode(ctx, pids, new, change, cadence=30)
    _sams_pattern(ctx, pids, onset)


def _statin_possible_late(ctx: Context, pids: np.ndarray) -> None:
    """Unchanged statin for over a year, then myalgia persisting 9 days or more."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 400)
    onset, last = _recent_series_window(ctx, n, 26, 11)
    add_series(ctx, pids, onset, last, MUSCLE_PAIN)
    add_optional_ck(ctx, pids, onset, last, p_normal=0.35)
    add_quiet(ctx, pids, onset)


def _nocturnal_cramps(ctx: Context, pids: np.ndarray) -> None:
    """Night-time calf cramps every few days for 15-28 days up to the end."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 400)
    onset = -ctx.between(16, 28, n)
    last = -ctx.between(0, 1, n)
    add_series(ctx, pids, onset, last, NIGHT_CRAMPS)
    add_optional_ck(ctx, pids, onset, last, p_normal=0.2)
    add_quiet(ctx, pids, onset)


def _statin_recently_stopped_symptoms(ctx: Context, pids: np.ndarray) -> None:
    """Long-term statin stopped 25-75 days ago; myalgia through the last 2-4 weeks."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 400, end=-ctx.between(25, 75, n))
    onset, last = _recent_series_window(ctx, n, 28, 14)
    add_series(ctx, pids, onset, last, MUSCLE_PAIN)
    add_optional_ck(ctx, pids, onset, last, p_normal=0.2)
    add_quiet(ctx, pids, onset)


def _ck_4_10x_symptoms(ctx: Context, pids: np.ndarray) -> None:
    """Myalgia, then CK 5.2-8.8x ULN 2-6 days after onset with no hard session before it."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 200)
    onset, last = _recent_series_window(ctx, n, 24, 8)
    add_series(ctx, pids, onset, last, MUSCLE_PAIN)
    add_ck(ctx, pids, np.minimum(onset + ctx.between(2, 6, n), 0), ctx.uniform(5.2, 8.8, n))
    add_quiet(ctx, pids, onset)


def _acute_with_ck(
    ctx: Context,
    pids: np.ndarray,
    spec: SeriesSpec,
    onset_days: tuple[int, int],
    span_days: tuple[int, int],
    multiple: tuple[float, float],
    gap: tuple[int, int] = (2, 4),
) -> np.ndarray:
    """Symptoms from onset for a few days, CK drawn shortly after onset; returns the draw day."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 200)
    onset = -ctx.between(onset_days[0], onset_days[1], n)
    last = np.minimum(onset + ctx.between(*span_days, n), 0)
    add_series(ctx, pids, onset, last, spec, gap)
    draw = np.minimum(onset + ctx.between(0, 3, n), 0)
    add_ck(ctx, pids, draw, ctx.uniform(*multiple, n))
    add_quiet(ctx, pids, onset)
    return draw


def _myopathy_ck_gt10(ctx: Context, pids: np.ndarray) -> None:
    """Myalgia with CK 12-35x ULN."""
    _acute_with_ck(ctx, pids, SEVERE_MUSCLE_PAIN, (5, 24), (4, 14), (12.0, 35.0))


def _rhabdomyolysis(ctx: Context, pids: np.ndarray) -> None:
    """Daily myalgia/weakness reports with dark urine, CK 50-150x ULN, raised creatinine."""
    draw = _acute_with_ck(ctx, pids, RHABDO, (2, 14), (1, 4), (50.0, 150.0), gap=(1, 1))
    add_lab(ctx, pids, draw, "creatinine", ctx.uniform(1.6, 3.2, len(pids)))


def _weakness_ck_elevated(ctx: Context, pids: np.ndarray) -> None:
    """Reported weakness with CK 1.6-3.4x ULN."""
    _acute_with_ck(ctx, pids, WEAKNESS, (5, 24), (3, 12), (1.6, 3.4))


def _interaction_symptoms(ctx: Context, pids: np.ndarray) -> None:
    """Simvastatin 40 mg with a contraindicated or dose-limiting drug current at the end;
    myalgia starts after the interacting drug does."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.SIMVASTATIN_40, 200)
    onset = _add_interacting_drug(ctx, pids)
    add_series(ctx, pids, onset, -ctx.between(0, 1, n), MUSCLE_PAIN, gap=(1, 3))
    add_optional_ck(ctx, pids, onset, np.zeros(n, int), p_normal=0.2)
    add_quiet(ctx, pids, onset)


def _add_interacting_drug(ctx: Context, pids: np.ndarray) -> np.ndarray:
    """Start a trigger drug that is still taken at the end; returns the symptom onset day."""
    n = len(pids)
    triggers = catalog.INTERACTION_TRIGGERS
    which = ctx.pick(np.arange(len(triggers)), n, [trigger.weight for trigger in triggers])
    course_days = np.array([trigger.course_days for trigger in triggers])[which]
    products = catalog.product_ids([trigger.key for trigger in triggers])[which]
    # An antibiotic course began 9-12 days ago and symptoms followed within 2-3 days; other
    # drugs began 3-8 weeks before a 10-26 day old onset, so even 84-day courses still run.
    antibiotic = (course_days > 0) & (course_days < CADENCE_CAP_DAYS)
    course_start = -ctx.between(9, 12, n)
    onset = np.where(antibiotic, course_start + ctx.between(2, 3, n), -ctx.between(10, 26, n))
    start = np.where(antibiotic, course_start, onset - ctx.between(21, 56, n))
    ongoing = course_days == 0
    add_episode(ctx, pids[ongoing], products[ongoing], start[ongoing])
    course = ~ongoing
    add_episode(
        ctx,
        pids[course],
        products[course],
        start[course],
        end=(start + course_days - 1)[course],
        cadence=np.minimum(course_days, CADENCE_CAP_DAYS)[course],
        closed_status="completed",
    )
    return onset


def _interaction_no_symptoms(ctx: Context, pids: np.ndarray) -> None:
    """Simvastatin 40 mg with amlodipine 5 mg (above the 20 mg limit), no symptoms."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.SIMVASTATIN_40, 200)
    add_episode(ctx, pids, catalog.PRODUCT_INDEX["amlodipine_5"], -ctx.between(60, 1500, n))


def _tendon_pain_only(ctx: Context, pids: np.ndarray) -> None:
    """Achilles tendon pain reports, nothing muscular."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 200)
    onset = -ctx.between(5, 28, n)
    last = np.minimum(onset + ctx.between(4, 20, n), 0)
    add_series(ctx, pids, onset, last, TENDON, gap=(2, 6))
    add_quiet(ctx, pids, onset)


def _non_muscle_complaints(ctx: Context, pids: np.ndarray) -> None:
    """Long-term statin; headache, chest, abdominal or joint pain reported every few days in
    the last month, never a muscle symptom; CK absent or normal."""
    n = len(pids)
    add_long_term_statin(ctx, pids, catalog.ANY_STATINS, 200)
    onset, last = _recent_series_window(ctx, n, 26, 8)
    complaint = ctx.between(0, len(NON_MUSCLE_COMPLAINTS) - 1, n)
    for index, spec in enumerate(NON_MUSCLE_COMPLAINTS):
        mine = complaint == index
        add_series(ctx, pids[mine], onset[mine], last[mine], spec, gap=(2, 5))
    add_optional_ck(ctx, pids, onset, last, p_normal=0.3)


STORIES: dict[str, Callable[[Context, np.ndarray], None]] = {
    "no_statin_muscle_pain": _no_statin_muscle_pain,
    "statin_stable_no_symptoms": _statin_stable,
    "statin_stopped_long_ago": _statin_stopped_long_ago,
    "exercise_soreness": _exercise_soreness,
    "exercise_ck_no_symptoms": _exercise_ck_no_symptoms,
    "statin_pattern_new_start": _statin_pattern_new_start,
    "statin_pattern_dose_increase": _statin_pattern_dose_increase,
    "statin_possible_late": _statin_possible_late,
    "nocturnal_cramps": _nocturnal_cramps,
    "statin_recently_stopped_symptoms": _statin_recently_stopped_symptoms,
    "ck_4_10x_symptoms": _ck_4_10x_symptoms,
    "myopathy_ck_gt10": _myopathy_ck_gt10,
    "rhabdomyolysis": _rhabdomyolysis,
    "weakness_ck_elevated": _weakness_ck_elevated,
    "interaction_symptoms": _interaction_symptoms,
    "interaction_no_symptoms": _interaction_no_symptoms,
    "tendon_pain_only": _tendon_pain_only,
    "exercise_repeated_bouts": _exercise_repeated_bouts,
    "exercise_sparse_reports": _exercise_sparse_reports,
    "soreness_outlasts_doms": _soreness_outlasts_doms,
    "non_muscle_complaints": _non_muscle_complaints,
}


def tell_stories(ctx: Context, scenario: np.ndarray) -> None:
    """Write every scenario's events; no_statin patients only get background."""
    for index, name in enumerate(SCENARIO_NAMES):
        story = STORIES.get(name)
        pids = np.flatnonzero(scenario == index)
        if story is not None and len(pids):
            story(ctx, pids)
