"""`make bench` (Spark column): the same full and next-day runs with staging, the clinical
stage and the review's judgement on DuckDB and on Apache Spark `local[2]`, per stage, and where
the Spark steps' time goes.

For each size it generates synthetic landing data once, copies it into two homes, holds back the
last day's files, and runs `statinwatch run` on each (`--engine spark` for the second): the
history up to the day before (full), then with the last day's files (next day), each a
separate process measured with wait4. Per-stage seconds come from the runs' step statistics;
each Spark step's split (publishing to the lake, Spark itself, reading tables back) from the
metadata it records. Results go to their own section of docs/benchmarks.md.
"""

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import pandas as pd

from statinwatch.paths import dagster_home, landing_dir
from tools import replace_marked_section
from tools.bench import (
    END,
    STATINWATCH,
    Measured,
    generate,
    hold_back_last_day,
    measure,
    release,
    step_seconds,
)

ENGINES = ("duckdb", "spark")
RUNS = {"full": END - timedelta(days=1), "next day": END}
# The suite's session, with room for the larger sizes: two cores as on the CI machine.
SPARK_CONF = {"spark.master": "local[2]", "spark.driver.memory": "4g"}
STAGES = ("raw", "staging", "clinical", "review")
# The Spark engine's own steps, by the stage they stand for.
SPARK_STEPS = {
    "staging_on_spark": "staging",
    "staging_suites_on_spark": "staging",
    "clinical_on_spark": "clinical",
    "flagged_cohort_on_spark": "review",
}
# An asset each Spark step materialises, whose metadata holds the step's split of time.
SPARK_STEP_ASSETS = {
    "staging": ["staging", "exercise"],
    "clinical": ["clinical", "statin_eras"],
    "review": ["review", "flagged_cohort"],
}
# The steps running the staged streams' GX suites, on either engine.
SUITE_STEPS = "gx_suite|suites_on_spark"
SPARK_PARTS = ("publish", "spark", "read_back")
MARK_START = "<!-- measured by make bench (spark): start -->"
MARK_END = "<!-- measured by make bench (spark): end -->"


@dataclass(frozen=True)
class EngineRun:
    engine: str
    kind: str
    run: Measured
    stages: dict[str, float]
    spark_parts: dict[str, float]


def stage_seconds(home: Path, as_of: date) -> dict[str, float]:
    """Seconds per stage of the run for `as_of`: the steps (assets and their checks) grouped by
    key prefix; and of staging's, the seconds of the GX suites."""
    steps = step_seconds(home)
    steps = steps[steps["run"] == as_of.isoformat()]
    stage = steps["step"].str.split("__").str[0].replace(SPARK_STEPS)
    seconds = steps.groupby(stage)["seconds"].sum().reindex(STAGES, fill_value=0)
    suites = steps.loc[steps["step"].str.contains(SUITE_STEPS), "seconds"].sum()
    return {**seconds.round(1).to_dict(), "suites": round(float(suites), 1)}


def spark_parts(home: Path) -> dict[str, float]:
    """Each Spark step's split of its time, from the metadata it recorded."""
    instance = dg.DagsterInstance.from_config(str(dagster_home(home)))
    parts = {}
    for stage, key in SPARK_STEP_ASSETS.items():
        event = instance.get_latest_materialization_event(dg.AssetKey(key))
        metadata = event.asset_materialization.metadata if event else {}
        for part in SPARK_PARTS:
            if f"seconds_{part}" in metadata:
                parts[f"{stage} {part}"] = float(metadata[f"seconds_{part}"].value)
    return parts


def run_engine(home: Path, engine: str, kind: str) -> EngineRun:
    env = {"STATINWATCH_SPARK_CONF": json.dumps(SPARK_CONF)}
    as_of = RUNS[kind]
    command = [STATINWATCH, "run", "--home", str(home), "--as-of", as_of.isoformat()]
    measured = measure([*command, "--engine", engine], env)
    parts = spark_parts(home) if engine == "spark" else {}
    return EngineRun(engine, kind, measured, stage_seconds(home, as_of), parts)


def bench_size(root: Path, patients: int, days: int) -> list[EngineRun]:
    generated = root / f"spark_p{patients}_d{days}"
    generate(generated, patients, days)
    runs = []
    for engine in ENGINES:
        home = root / f"spark_p{patients}_d{days}_{engine}"
        held = root / f"spark_held_{patients}_{days}_{engine}"
        for folder in (home, held):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(landing_dir(generated), landing_dir(home))
        hold_back_last_day(landing_dir(home), END, held)
        runs.append(run_engine(home, engine, "full"))
        release(held, landing_dir(home))
        runs.append(run_engine(home, engine, "next day"))
    return runs


def _rows(patients: int, days: int, runs: list[EngineRun]) -> list[dict]:
    rows = []
    for r in runs:
        duckdb_run = next(d for d in runs if d.engine == "duckdb" and d.kind == r.kind)
        rows.append(
            {
                "patients": patients,
                "days": days,
                "run": r.kind,
                "engine": r.engine,
                "run s": round(r.run.seconds, 1),
                "peak RSS MB (Python)": round(r.run.peak_rss_mb),
                **{f"{stage} s": r.stages[stage] for stage in STAGES},
                "of staging: GX suites s": r.stages["suites"],
                **{
                    f"{stage} / DuckDB's": round(r.stages[stage] / duckdb_run.stages[stage], 2)
                    for stage in ("clinical", "review")
                },
                "run / DuckDB's": round(r.run.seconds / duckdb_run.run.seconds, 2),
                **{
                    f"Spark {stage} step: {part} s": r.spark_parts.get(f"{stage} {part}", "")
                    for stage in SPARK_STEP_ASSETS
                    for part in SPARK_PARTS
                },
            }
        )
    return rows


def write_report(rows: list[dict], out: Path, command: str) -> None:
    sections = [
        MARK_START,
        f"Command: `{command}`. Spark settings: `{json.dumps(SPARK_CONF)}`. "
        f"Measured {date.today().isoformat()}.",
        "A full run (history to the day before) and a next-day run (the last day's files) per "
        "engine on a copy of the same landing files; the stages are the "
        "Dagster steps grouped by prefix (raw = ingest). On Spark staging is one step: "
        "publishing the raw rows of new landing files (a folder each) and the code lists to "
        "the lake, Spark building every staged table, DuckDB reading back the two the review "
        "reads; the five GX suites run in one Spark step (GX's Spark execution engine), "
        "counted in staging; the clinical stage is one step: publishing the code lists, Spark "
        "building the clinical tables, DuckDB reading back all but the exercise sessions (the "
        "report charts those from the lake in place); the review's judgement is one step: "
        "publishing the review state (cohort history, review log), Spark judging the date's "
        "snapshot and funnel, DuckDB taking that date's rows back. The peak "
        "RSS is the `statinwatch` process's; Spark's JVM, a child it does not wait for, is not "
        "in it.",
        pd.DataFrame(rows).to_markdown(index=False),
        MARK_END,
    ]
    replace_marked_section(out, MARK_START, MARK_END, "\n\n".join(sections))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("var/bench"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    rows = [
        row for n in args.sizes for row in _rows(n, args.days, bench_size(args.root, n, args.days))
    ]
    write_report(rows, args.out, ("python -m tools.bench_spark " + " ".join(sys.argv[1:])).strip())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
