"""`make bench`: how fast and how lean a full run and a next-day run are, against a floor.

For each size it generates synthetic landing data with `statinwatch generate`, holds back
the last day's files, runs the pipeline for the day before (the full run), drops the held
back files in and runs the last day (the next-day run). Each run is a separate
`statinwatch run` process, measured with wait4 for wall time and peak RSS; per-asset times
come from the run's step statistics in its Dagster instance. The *floor* reads every column
of the same landing files once as text, materialises them and does the core join in plain
DuckDB SQL (tools/floor.py).
Results go to docs/benchmarks.md with the machine and the command.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from statinwatch.paths import dagster_home, landing_dir
from tools import replace_marked_section

STATINWATCH = str(Path(sys.executable).with_name("statinwatch"))
END = date(2026, 11, 1)
DAILY_FOLDERS = ("exercise", "symptoms")
MARK_START = "<!-- measured by make bench: start -->"
MARK_END = "<!-- measured by make bench: end -->"


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_mb: float


def measure(command: list[str], env: dict | None = None) -> Measured:
    """Wall time and peak RSS of one child process (its own, not the whole tree's maximum)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed with {os.waitstatus_to_exitcode(status)}")
    return Measured(seconds=elapsed, peak_rss_mb=usage.ru_maxrss / 1024)


def hold_back_last_day(landing: Path, day: date, held: Path) -> list[Path]:
    """Move the files of `day` aside, so the first run sees only the history before it."""
    moved = []
    for folder in DAILY_FOLDERS:
        for path in landing.joinpath(folder).rglob(f"*{day.isoformat()}*"):
            target = held / path.relative_to(landing)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            moved.append(target)
    return moved


def release(held: Path, landing: Path) -> None:
    for path in held.rglob("*"):
        if path.is_file():
            target = landing / path.relative_to(held)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)


def step_seconds(home: Path) -> pd.DataFrame:
    """Per-step wall time of every run in the home's instance, newest run last."""
    instance = dg.DagsterInstance.from_config(str(dagster_home(home)))
    rows = []
    for run in reversed(instance.get_runs()):
        for stats in instance.get_run_step_stats(run.run_id):
            rows.append(
                {
                    "run": run.tags.get("dagster/partition"),
                    "step": stats.step_key,
                    "seconds": (stats.end_time or 0) - (stats.start_time or 0),
                }
            )
    return pd.DataFrame(rows)


def floor(landing: Path, as_of: date) -> Measured:
    """Read every column of the landing files once and do the core join (tools/floor.py)."""
    return measure([sys.executable, "-m", "tools.floor", str(landing), as_of.isoformat()])


def landing_rows(landing: Path) -> dict[str, int]:
    conn = duckdb.connect()
    counts = {}
    for stream, query in (
        ("exercise", "select count(*) from read_parquet($glob)"),
        ("symptoms", "select count(*) from read_json($glob, format = 'newline_delimited')"),
    ):
        glob = str(landing / stream / "**" / ("*.parquet" if stream == "exercise" else "*.jsonl"))
        counts[stream] = conn.execute(query, {"glob": glob}).fetchone()[0]
    return counts


@dataclass(frozen=True)
class SizeResult:
    patients: int
    days: int
    rows: dict[str, int]
    generate: Measured
    full: Measured
    next_day: Measured
    floor: Measured
    steps: pd.DataFrame


def generate(home: Path, patients: int, days: int) -> Measured:
    """A fresh home of synthetic landing files ending on END, by `statinwatch generate`."""
    shutil.rmtree(home, ignore_errors=True)
    return measure(
        [STATINWATCH, "generate", "--out", str(home), "--patients", str(patients),
         "--days", str(days), "--end", END.isoformat()]
    )  # fmt: skip


def bench_size(root: Path, patients: int, days: int) -> SizeResult:
    home = root / f"p{patients}_d{days}"
    generated = generate(home, patients, days)
    landing = landing_dir(home)
    held = root / f"held_{patients}_{days}"
    shutil.rmtree(held, ignore_errors=True)
    hold_back_last_day(landing, END, held)
    previous = END - timedelta(days=1)
    full = measure([STATINWATCH, "run", "--home", str(home), "--as-of", previous.isoformat()])
    release(held, landing)
    next_day = measure([STATINWATCH, "run", "--home", str(home), "--as-of", END.isoformat()])
    floor_measured = floor(landing, END)
    return SizeResult(
        patients, days, landing_rows(landing), generated, full, next_day, floor_measured,
        step_seconds(home),
    )  # fmt: skip


def _machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, {platform.platform()}"
    )


def _summary_row(r: SizeResult) -> dict:
    return {
        "patients": r.patients,
        "days": r.days,
        "exercise rows": r.rows["exercise"],
        "generate s": round(r.generate.seconds, 1),
        "full run s": round(r.full.seconds, 1),
        "full peak RSS MB": round(r.full.peak_rss_mb),
        "floor s": round(r.floor.seconds, 1),
        "full / floor": round(r.full.seconds / r.floor.seconds, 1),
        "next-day s": round(r.next_day.seconds, 1),
        "next-day peak RSS MB": round(r.next_day.peak_rss_mb),
        "next-day / floor": round(r.next_day.seconds / r.floor.seconds, 1),
        "next-day / full": f"{r.next_day.seconds / r.full.seconds:.0%}",
        "full s per M exercise rows": round(r.full.seconds / r.rows["exercise"] * 1e6, 1),
    }


def _history_growth(results: list[SizeResult]) -> list[str]:
    """Next-day time after the longest history against the shortest, per size."""
    lines = []
    for patients in sorted({r.patients for r in results}):
        runs = sorted((r for r in results if r.patients == patients), key=lambda r: r.days)
        if len(runs) < 2:
            continue
        short, long = runs[0], runs[-1]
        lines.append(
            f"- {patients:,} patients: next-day run {short.next_day.seconds:.1f} s after "
            f"{short.days} days of history, {long.next_day.seconds:.1f} s after {long.days} "
            f"days ({long.next_day.seconds / short.next_day.seconds - 1:+.0%})."
        )
    return lines


def write_report(results: list[SizeResult], out: Path, command: str) -> None:
    """Write the measured section of docs/benchmarks.md, keeping the hand-written notes around
    it (everything outside the markers)."""
    summary = pd.DataFrame([_summary_row(r) for r in results])
    sections = [
        MARK_START,
        f"Command: `{command}`. Machine: {_machine()}. Measured {date.today().isoformat()}.",
        "Each run is a fresh `statinwatch run` process (Python start-up and Dagster "
        "instance included). The floor reads every column of the same landing files once as "
        "text, materialises them in DuckDB and does the core join (tools/floor.py).",
        summary.to_markdown(index=False),
        "\n".join(_history_growth(results)),
    ]
    for r in results:
        steps = r.steps.pivot_table(index="step", columns="run", values="seconds", aggfunc="sum")
        sections += [
            f"### Seconds per step, {r.patients:,} patients × {r.days} days",
            steps.round(2).to_markdown(),
        ]
    if not out.exists():
        out.write_text("# Benchmarks\n", encoding="utf-8")
    measured = "\n\n".join(section for section in sections if section) + "\n" + MARK_END
    replace_marked_section(out, MARK_START, MARK_END, measured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("var/bench"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--days", type=int, nargs="+", default=[365])
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    results = [bench_size(args.root, n, d) for n in args.sizes for d in args.days]
    command = "python -m tools.bench " + " ".join(sys.argv[1:])
    write_report(results, args.out, command.strip())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
