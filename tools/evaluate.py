"""`make evaluate`: the engine against the generator's truth, and against the naive join.

Generates a synthetic home, runs the pipeline exactly as `statinwatch run` does, and writes
a confusion matrix by scenario to docs/evaluation.md.
"""

import argparse
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.runner import run_pipeline
from statinwatch.generate import generate_landing
from statinwatch.paths import warehouse_path
from statinwatch.rules import rule_parameters
from statinwatch.sql import bind
from tools import tool_sql

PRIORITY_ORDER = ("urgent", "high", "medium", "low", "none")
RANK = {p: i for i, p in enumerate(reversed(PRIORITY_ORDER))}
# soreness_outlasts_doms is possible SAMS like statin_possible_late: soreness that began after
# a hard session but persists well past the DOMS course with no new one (clinical.md §4).
STATIN_PATTERN_SCENARIOS = (
    "statin_pattern_new_start", "statin_pattern_dose_increase", "statin_possible_late",
    "nocturnal_cramps", "statin_recently_stopped_symptoms", "ck_4_10x_symptoms",
    "interaction_symptoms", "soreness_outlasts_doms",
)  # fmt: skip
EXERCISE_ONLY_SCENARIOS = (
    "exercise_soreness", "exercise_ck_no_symptoms", "exercise_repeated_bouts",
    "exercise_sparse_reports",
)  # fmt: skip
# Statin users whose only complaints are headache, chest, abdominal or joint pain.
NON_MUSCLE_SCENARIOS = ("non_muscle_complaints",)


@dataclass(frozen=True)
class Figures:
    urgent_recall: float
    statin_pattern_sensitivity: float
    exercise_above_low: int
    non_muscle_flagged: int
    exact_agreement: float
    flagged_without_expectation: int


def figures(frame: pd.DataFrame, predicted: str) -> Figures:
    expected_rank = frame["expected_priority"].map(RANK)
    got_rank = frame[predicted].map(RANK)
    urgent = frame["expected_priority"] == "urgent"
    pattern = frame["scenario"].isin(STATIN_PATTERN_SCENARIOS)
    exercise = frame["scenario"].isin(EXERCISE_ONLY_SCENARIOS)
    non_muscle = frame["scenario"].isin(NON_MUSCLE_SCENARIOS)
    return Figures(
        urgent_recall=float((frame.loc[urgent, predicted] == "urgent").mean()),
        statin_pattern_sensitivity=float((got_rank[pattern] >= RANK["medium"]).mean()),
        exercise_above_low=int((got_rank[exercise] > RANK["low"]).sum()),
        non_muscle_flagged=int((got_rank[non_muscle] > RANK["none"]).sum()),
        exact_agreement=float((got_rank == expected_rank).mean()),
        flagged_without_expectation=int(((expected_rank == RANK["none"]) & (got_rank > 0)).sum()),
    )


# The device's own files are part of the evaluation: the downhill hikes come only as GPX tracks
# and a share of the patients' sessions also as the watch's heart-rate stream (issue 18).
HEART_RATE_SHARE = 0.02


def evaluate(home: Path, patients: int, seed: int, as_of: date) -> pd.DataFrame:
    generate_landing(
        home, patients=patients, seed=seed, end=as_of, tracks=True,
        heart_rate_share=HEART_RATE_SHARE,
    )  # fmt: skip
    run_pipeline(home, as_of)
    truth = pd.read_csv(home / "truth.csv").fillna({"expected_priority": "none"})
    cohort = pd.read_csv(home / "reports" / as_of.isoformat() / "flagged_cohort.csv")
    with duckdb.connect(str(warehouse_path(home)), read_only=True) as conn:
        params = {**rule_parameters(), "as_of": as_of}
        naive_join = tool_sql("naive_join")
        naive = set(conn.execute(naive_join, bind(naive_join, params)).df()["patient_id"])
    frame = truth.merge(cohort[["patient_id", "priority"]], on="patient_id", how="left")
    frame["priority"] = frame["priority"].fillna("none")
    # The naive join has no priorities: a flag counts as "medium" so the figures compare.
    frame["naive"] = frame["patient_id"].map(lambda pid: "medium" if pid in naive else "none")
    return frame


def _matrix(frame: pd.DataFrame, column: str) -> str:
    table = pd.crosstab(frame["scenario"], frame[column]).reindex(
        columns=[p for p in PRIORITY_ORDER if p in set(frame[column])], fill_value=0
    )
    expected = frame.groupby("scenario")["expected_priority"].first()
    table.insert(0, "expected", expected)
    return table.to_markdown()


def _figures_table(engine: Figures, naive: Figures) -> str:
    rows = [
        ("truth-urgent patients flagged urgent",
         f"{engine.urgent_recall:.1%}", f"{naive.urgent_recall:.1%}"),
        ("statin-pattern scenarios flagged ≥ medium",
         f"{engine.statin_pattern_sensitivity:.1%}", f"{naive.statin_pattern_sensitivity:.1%}"),
        ("exercise-only patients above low",
         str(engine.exercise_above_low), str(naive.exercise_above_low)),
        ("non-muscle complaints (headache, chest, abdominal, joint) flagged",
         str(engine.non_muscle_flagged), str(naive.non_muscle_flagged)),
        ("flagged although truth says none",
         str(engine.flagged_without_expectation), str(naive.flagged_without_expectation)),
        ("exact priority agreement", f"{engine.exact_agreement:.2%}", "n/a (no priorities)"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["figure", "statinwatch", "naive join"]).to_markdown(
        index=False
    )


def write_report(frame: pd.DataFrame, out: Path, command: str, as_of: date) -> None:
    engine, naive = figures(frame, "priority"), figures(frame, "naive")
    text = "\n\n".join(
        [
            "# Evaluation against the generator's truth",
            f"Reproduce with `{command}` (as of {as_of.isoformat()}, {len(frame):,} patients). "
            "Expected priorities in `truth.csv` are written by the generator from the contract's "
            "definitions for each scenario, not from the engine.",
            "## Headline figures",
            _figures_table(engine, naive),
            "## statinwatch: patients by scenario and priority",
            _matrix(frame, "priority"),
            "## Naive join (statin + any symptom report in 30 days): patients by scenario",
            _matrix(frame, "naive"),
        ]
    )
    out.write_text(text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 1))
    parser.add_argument("--out", type=Path, default=Path("docs/evaluation.md"))
    args = parser.parse_args()
    frame = evaluate(args.home, args.patients, args.seed, args.as_of)
    command = (
        f"make evaluate  # patients={args.patients} seed={args.seed}, downhill hikes as GPX, "
        f"heart-rate streams for {HEART_RATE_SHARE:.0%} of the patients"
    )
    write_report(frame, args.out, command, args.as_of)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
