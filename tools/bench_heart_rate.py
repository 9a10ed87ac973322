"""`make bench`, heart rate: how fast second-level heart rate ingests (docs/benchmarks.md).

Writes Fitabase-style heart rate (one sample every --step-seconds, a year is ~6.3M rows at 5 s,
one file per patient-year) into a fresh home's landing/ and ingests it in-process the way
`raw/external` does (discovery, one transaction per file, per-minute aggregation, accounting)
with the pipeline's DuckDB limits, timing the ingest alone. Files land --round patient-years
at a time and are removed once ingested (as a landing retention would), so a thousand
patient-years need the disk of one round, not ~194 GB; the warehouse keeps every minute. A
spawned child writes the files, so the peak RSS is the ingest's own. Rows/s are samples read
per second.
"""

import argparse
import multiprocessing
import platform
import resource
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from statinwatch.exports.landed import discover_exports, ingest_exports
from statinwatch.ingest.load import known_hashes
from statinwatch.paths import warehouse_path
from statinwatch.resources import duckdb_settings
from statinwatch.sql import run_sql_folder
from statinwatch.vocabulary import load_vocabulary
from tools import replace_marked_section, tool_sql

START = date(2026, 1, 1)
MARK_START = "<!-- measured by make bench (heart rate): start -->"
MARK_END = "<!-- measured by make bench (heart rate): end -->"
TARGET_PATIENT_YEARS = 1_000


@dataclass(frozen=True)
class HeartRateResult:
    patient_years: int
    days: int
    samples: int
    minutes: int
    landed_mb: float
    seconds: float
    peak_rss_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.samples / self.seconds


def land_patients(folder: Path, patients: range, days: int, step_seconds: int) -> float:
    """One Fitbit heart-rate file per patient-year; returns the MB written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with duckdb.connect() as conn:
        for patient in patients:
            params = {
                "patient_id": f"HR{patient:05d}",
                "days": days,
                "start": START,
                "step_seconds": step_seconds,
            }
            conn.execute(tool_sql("bench_heart_rate"), params)
            path = folder / f"hr_{patient:05d}.csv"
            conn.table("bench_heart_rate").write_csv(str(path))
            written += path.stat().st_size
    return written / 2**20


def measure(
    root: Path, patient_years: int, days: int, step_seconds: int, round_size: int
) -> HeartRateResult:
    home = root / f"heart_rate_{patient_years}"
    shutil.rmtree(home, ignore_errors=True)
    folder = home / "landing" / "devices"
    database = warehouse_path(home)
    database.parent.mkdir(parents=True, exist_ok=True)
    landed_mb = seconds = 0.0
    outcomes = []
    spawn = multiprocessing.get_context("spawn")
    with (
        ProcessPoolExecutor(1, mp_context=spawn) as writer,
        duckdb.connect(str(database), config=duckdb_settings(database)) as conn,
    ):
        run_sql_folder(conn, "schema")
        load_vocabulary(conn)
        for first in range(0, patient_years, round_size):
            patients = range(first, min(first + round_size, patient_years))
            landed_mb += writer.submit(land_patients, folder, patients, days, step_seconds).result()
            started = time.perf_counter()
            exports = discover_exports(home / "landing", known_hashes(conn))
            outcomes += ingest_exports(conn, exports, "bench", START)
            round_seconds = time.perf_counter() - started
            seconds += round_seconds
            # Per round, so a rate that falls as the tables grow shows.
            print(f"patient-years {first + 1}-{patients.stop}: {round_seconds:.1f} s", flush=True)
            shutil.rmtree(folder)
        (minutes,) = conn.execute("select count(*) from raw.heart_rate").fetchone()
    samples = sum(outcome.rows_read for outcome in outcomes)
    assert all(o.rows_read == o.accepted for o in outcomes), "every generated sample is valid"
    assert len(outcomes) == patient_years, "every file was ingested"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return HeartRateResult(patient_years, days, samples, minutes, landed_mb, seconds, peak)


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
    samples_per_patient_year = best.samples / best.patient_years * 365 / best.days
    hours = TARGET_PATIENT_YEARS * samples_per_patient_year / best.rows_per_second / 3600
    projection = (
        []
        if best.patient_years >= TARGET_PATIENT_YEARS
        else [
            f"Projected, not measured: {TARGET_PATIENT_YEARS:,} patient-years at the "
            f"{best.patient_years}-patient-year rate ≈ {hours:,.1f} hours of ingest on this "
            "machine.",
            "",
        ]
    )
    return "\n".join(
        [
            MARK_START,
            f"Command: `{command}`. Machine: {platform.machine()}, {platform.system()}. "
            f"Measured {date.today().isoformat()}.",
            "",
            *rows,
            "",
            *projection,
            MARK_END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("var/bench"))
    parser.add_argument("--patient-years", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--step-seconds", type=int, default=5)
    parser.add_argument("--round", type=int, default=10, help="patient-years landed at a time")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    results = [
        measure(args.root, n, args.days, args.step_seconds, args.round) for n in args.patient_years
    ]
    command = (
        f"python -m tools.bench_heart_rate --patient-years {' '.join(map(str, args.patient_years))}"
        f" --days {args.days} --step-seconds {args.step_seconds} --round {args.round}"
    )
    replace_marked_section(args.out, MARK_START, MARK_END, report(results, command))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
