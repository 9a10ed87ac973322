"""`make bench`, heart rate: how fast second-level heart rate ingests (docs/benchmarks.md).

Writes a year of Fitabase-style heart rate (one sample every 5 s, ~6.3M rows, one file per
patient-year) per patient into a fresh home's landing/, then ingests them in-process the way
`raw/external` does (discovery, one transaction per file, per-minute aggregation, accounting),
timing the ingest alone. Rows/s are samples read per second; the projection to a year of
1,000 patients is that rate applied linearly, not a measurement.
"""

import argparse
import platform
import resource
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from statinwatch.exports.landed import discover_exports, ingest_exports
from statinwatch.ingest.load import known_hashes
from statinwatch.paths import warehouse_path
from statinwatch.sql import run_sql_folder
from statinwatch.vocabulary import load_vocabulary
from tools import replace_marked_section, tool_sql

STEP_SECONDS = 5
START = date(2026, 1, 1)
MARK_START = "<!-- measured by make bench (heart rate): start -->"
MARK_END = "<!-- measured by make bench (heart rate): end -->"
TARGET_PATIENT_YEARS = 1_000


@dataclass(frozen=True)
class HeartRateResult:
    patient_years: int
    samples: int
    minutes: int
    landed_mb: float
    seconds: float
    peak_rss_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.samples / self.seconds


def land_patient_years(landing: Path, patient_years: int, days: int) -> float:
    """One Fitbit heart-rate file per patient-year; returns the MB written."""
    folder = landing / "devices"
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as conn:
        for patient in range(patient_years):
            params = {
                "patient_id": f"HR{patient:05d}",
                "days": days,
                "start": START,
                "step_seconds": STEP_SECONDS,
            }
            conn.execute(tool_sql("bench_heart_rate"), params)
            conn.table("bench_heart_rate").write_csv(str(folder / f"hr_{patient:05d}.csv"))
    return sum(path.stat().st_size for path in folder.iterdir()) / 2**20


def measure(root: Path, patient_years: int, days: int = 365) -> HeartRateResult:
    home = root / f"heart_rate_{patient_years}"
    shutil.rmtree(home, ignore_errors=True)
    landed_mb = land_patient_years(home / "landing", patient_years, days)
    database = warehouse_path(home)
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as conn:
        run_sql_folder(conn, "schema")
        load_vocabulary(conn)
        started = time.perf_counter()
        exports = discover_exports(home / "landing", known_hashes(conn))
        outcomes = list(ingest_exports(conn, exports, "bench", START))
        seconds = time.perf_counter() - started
        (minutes,) = conn.execute("select count(*) from raw.heart_rate").fetchone()
    samples = sum(outcome.rows_read for outcome in outcomes)
    assert all(o.rows_read == o.accepted for o in outcomes), "every generated sample is valid"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return HeartRateResult(patient_years, samples, minutes, landed_mb, seconds, peak)


def report(results: list[HeartRateResult], command: str) -> str:
    """The measured section: one row per size and the linear projection."""
    rows = [
        "| patient-years | samples read | minute rows stored | landed MB | ingest s | samples/s "
        "| peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.patient_years} | {r.samples:,} | {r.minutes:,} | {r.landed_mb:,.0f} "
            f"| {r.seconds:,.1f} | {r.rows_per_second:,.0f} | {r.peak_rss_mb:,.0f} |"
        )
    best = results[-1]
    hours = TARGET_PATIENT_YEARS * best.samples / best.patient_years / best.rows_per_second / 3600
    return "\n".join(
        [
            MARK_START,
            f"Command: `{command}`. Machine: {platform.machine()}, {platform.system()}. "
            f"Measured {date.today().isoformat()}.",
            "",
            *rows,
            "",
            f"Projected, not measured: {TARGET_PATIENT_YEARS:,} patient-years at the "
            f"{best.patient_years}-patient-year rate ≈ {hours:,.1f} hours of ingest on this "
            "machine.",
            MARK_END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("var/bench"))
    parser.add_argument("--patient-years", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    results = [measure(args.root, n, args.days) for n in args.patient_years]
    command = "python -m tools.bench_heart_rate " + " ".join(
        f"--patient-years {' '.join(map(str, args.patient_years))} --days {args.days}".split()
    )
    replace_marked_section(args.out, MARK_START, MARK_END, report(results, command))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
