"""`make bench` (Spark column): the same full run with the clinical stage on DuckDB and on
Apache Spark `local[2]`, per stage, and where the Spark step's time goes.

For each size it generates synthetic landing data once, copies it into two homes and runs
`statinwatch run` on each (`--engine spark` for the second), each a separate process measured
with wait4. Per-stage seconds come from the runs' step statistics; the Spark step's split
(publishing the staged tables to the lake, Spark itself, reading the tables back) from the
metadata it records. Results go to their own section of docs/benchmarks.md.
"""

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import pandas as pd

from statinwatch.paths import dagster_home, landing_dir
from tools import replace_marked_section
from tools.bench import END, STATINWATCH, Measured, generate, measure, step_seconds

ENGINES = ("duckdb", "spark")
# The suite's session, with room for the larger sizes: two cores as on the CI machine.
SPARK_CONF = {"spark.master": "local[2]", "spark.driver.memory": "4g"}
STAGES = ("raw", "staging", "clinical", "review")
# The Spark engine's own steps, by the stage they stand for.
SPARK_STEPS = {"clinical_on_spark": "clinical", "staging_suites_on_spark": "staging"}
# The steps running the staged streams' GX suites, on either engine.
SUITE_STEPS = "gx_suite|suites_on_spark"
SPARK_PARTS = ("publish", "spark", "read_back")
MARK_START = "<!-- measured by make bench (spark): start -->"
MARK_END = "<!-- measured by make bench (spark): end -->"


@dataclass(frozen=True)
class EngineRun:
    engine: str
    run: Measured
    stages: dict[str, float]
    spark_parts: dict[str, float]


def stage_seconds(home: Path) -> dict[str, float]:
    """Seconds per stage: the steps (assets and their checks) grouped by key prefix; and of
    staging's, the seconds of the GX suites."""
    steps = step_seconds(home)
    stage = steps["step"].str.split("__").str[0].replace(SPARK_STEPS)
    seconds = steps.groupby(stage)["seconds"].sum().reindex(STAGES, fill_value=0)
    suites = steps.loc[steps["step"].str.contains(SUITE_STEPS), "seconds"].sum()
    return {**seconds.round(1).to_dict(), "suites": round(float(suites), 1)}


def spark_parts(home: Path) -> dict[str, float]:
    """The Spark step's split of its time, from the metadata it recorded."""
    instance = dg.DagsterInstance.from_config(str(dagster_home(home)))
    event = instance.get_latest_materialization_event(dg.AssetKey(["clinical", "statin_eras"]))
    metadata = event.asset_materialization.metadata if event else {}
    return {
        part: float(metadata[f"seconds_{part}"].value)
        for part in SPARK_PARTS
        if f"seconds_{part}" in metadata
    }


def run_engine(home: Path, engine: str) -> EngineRun:
    env = {"STATINWATCH_SPARK_CONF": json.dumps(SPARK_CONF)}
    command = [STATINWATCH, "run", "--home", str(home), "--as-of", END.isoformat()]
    measured = measure([*command, "--engine", engine], env)
    parts = spark_parts(home) if engine == "spark" else {}
    return EngineRun(engine, measured, stage_seconds(home), parts)


def bench_size(root: Path, patients: int, days: int) -> list[EngineRun]:
    generated = root / f"spark_p{patients}_d{days}"
    generate(generated, patients, days)
    runs = []
    for engine in ENGINES:
        home = root / f"spark_p{patients}_d{days}_{engine}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(landing_dir(generated), landing_dir(home))
        runs.append(run_engine(home, engine))
    return runs


def _rows(patients: int, days: int, runs: list[EngineRun]) -> list[dict]:
    duckdb_run = next(r for r in runs if r.engine == "duckdb")
    rows = []
    for r in runs:
        clinical = r.stages["clinical"]
        rows.append(
            {
                "patients": patients,
                "days": days,
                "engine": r.engine,
                "run s": round(r.run.seconds, 1),
                "peak RSS MB (Python)": round(r.run.peak_rss_mb),
                **{f"{stage} s": r.stages[stage] for stage in STAGES},
                "of staging: GX suites s": r.stages["suites"],
                "clinical / DuckDB's": round(clinical / duckdb_run.stages["clinical"], 2),
                "run / DuckDB's": round(r.run.seconds / duckdb_run.run.seconds, 2),
                **{f"Spark step: {part} s": r.spark_parts.get(part, "") for part in SPARK_PARTS},
            }
        )
    return rows


def write_report(rows: list[dict], out: Path, command: str) -> None:
    sections = [
        MARK_START,
        f"Command: `{command}`. Spark settings: `{json.dumps(SPARK_CONF)}`. "
        f"Measured {date.today().isoformat()}.",
        "One full run per engine on a copy of the same landing files; the stages are the "
        "Dagster steps grouped by prefix (raw = ingest). On Spark each staging step also "
        "writes its table to the lake (Parquet partitioned by landing file), the five GX "
        "suites run in one Spark step (GX's Spark execution engine) counted in staging, and "
        "the clinical stage is one step: publishing the code lists to the lake, Spark "
        "building the clinical tables, and DuckDB reading them back for the review stage. The "
        "peak RSS "
        "is the `statinwatch` process's; Spark's JVM, a child it does not wait for, is not in it.",
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
