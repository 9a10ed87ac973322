"""The `statinwatch` command line (CONTRACT §2).

Heavy imports (Dagster, DuckDB, pandas) happen inside the commands, so `--help` and
argument errors answer at once.
"""

import json
import sys
import traceback
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click

from statinwatch.reviews import DECISIONS

PRIORITIES = ("urgent", "high", "medium", "low")


def _today() -> date:
    return datetime.now(UTC).date()


def _fail(message: str, verbose: bool) -> None:
    if verbose:
        traceback.print_exc()
    click.echo(f"statinwatch: {message}", err=True)
    sys.exit(1)


def _home_option(function):
    return click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Home folder (default: $STATINWATCH_HOME, else ~/.statinwatch).",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", is_flag=True, help="Show full tracebacks on failure.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """statinwatch: flag possible statin-associated muscle symptoms for clinical review."""
    ctx.obj = {"verbose": verbose}


def _print_summary(summary: dict, report: Path) -> None:
    from statinwatch.metadata import ACCOUNTING_FIELDS

    files = summary["files"]
    totals = {k: sum(f[k] for f in files) for k in ACCOUNTING_FIELDS}
    whole = sum(f["status"] == "quarantined" for f in files)
    by_priority = ", ".join(f"{p} {summary['by_priority'][p]}" for p in PRIORITIES)
    click.echo(f"statinwatch run — as of {summary['as_of']}")
    click.echo(
        f"  files ingested: {len(files)}" + (f" ({whole} quarantined whole)" if whole else "")
    )
    click.echo(
        f"  rows: {totals['rows_read']:,} read, {totals['accepted']:,} accepted, "
        f"{totals['quarantined']:,} quarantined, {totals['duplicates']:,} duplicates, "
        f"{totals['skipped']:,} skipped"
    )
    click.echo(f"  flagged: {summary['flagged']:,} ({by_priority}); {summary['new']:,} new")
    click.echo(f"  report: {report}")


def _engine_option(function):
    return click.option(
        "--engine",
        type=click.Choice(["duckdb", "spark"]),
        default=None,
        help="Where the staged suites and the clinical stage run "
        "(default: $STATINWATCH_ENGINE, else duckdb).",
    )(function)


def _run(home: Path | None, as_of: date, verbose: bool, engine: str | None) -> None:
    from rich.console import Console

    from pipelines.runner import RunFailed, run_pipeline
    from statinwatch.paths import resolve_home

    console = Console(stderr=True)
    resolved = resolve_home(home)
    try:
        with console.status("starting", spinner="dots") as status:

            def on_step(step: str, event: str) -> None:
                if event == "STEP_START":
                    status.update(f"running {step}")

            outcome = run_pipeline(resolved, as_of, on_step=on_step, engine_name=engine)
    except RunFailed as failure:
        _fail(str(failure), verbose)
    except Exception as error:
        _fail(f"{type(error).__name__}: {error}".splitlines()[0], verbose)
    summary = json.loads((outcome.report_folder / "run_summary.json").read_text(encoding="utf-8"))
    _print_summary(summary, outcome.report_folder / "report.html")


@main.command()
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date the cohort is judged on (default: today, UTC).")  # fmt: skip
@_home_option
@_engine_option
@click.pass_context
def run(ctx: click.Context, as_of: datetime | None, home: Path | None, engine: str | None) -> None:
    """Ingest new landing files, run every asset for the as-of date, write the report."""
    _run(home, as_of.date() if as_of else _today(), ctx.obj["verbose"], engine)


@main.command()
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="First as-of date.")  # fmt: skip
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Last as-of date (included).")  # fmt: skip
@_home_option
@_engine_option
@click.pass_context
def backfill(
    ctx: click.Context, first: datetime, last: datetime, home: Path | None, engine: str | None
) -> None:
    """Run every as-of date from --from to --to, oldest first, one run at a time."""
    from pipelines.runner import RunFailed, run_pipeline
    from statinwatch.paths import resolve_home

    if last < first:
        raise click.BadParameter("--to is before --from", param_hint="--to")
    resolved = resolve_home(home)
    # Oldest first: each date's status and first_flagged are derived from the dates before it.
    day = first.date()
    while day <= last.date():
        try:
            outcome = run_pipeline(resolved, day, engine_name=engine)
        except RunFailed as failure:
            _fail(f"{day}: {failure}", ctx.obj["verbose"])
        summary = json.loads((outcome.report_folder / "run_summary.json").read_text("utf-8"))
        click.echo(f"{day}: flagged {summary['flagged']:,} ({summary['new']:,} new)")
        day += timedelta(days=1)


@main.command()
@_home_option
@click.pass_context
def demo(ctx: click.Context, home: Path | None) -> None:
    """Generate synthetic landing data into an empty home, then run."""
    from statinwatch.generate import generate_landing
    from statinwatch.paths import landing_dir, resolve_home

    resolved = resolve_home(home)
    landing = landing_dir(resolved)
    end = _today()
    if not landing.exists() or not any(landing.iterdir()):
        click.echo(f"generating synthetic landing data in {resolved}")
        generate_landing(resolved, end=end)
    _run(resolved, end, ctx.obj["verbose"], engine=None)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write landing/ and truth.csv into.")  # fmt: skip
@click.option("--patients", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--days", type=click.IntRange(min=1), default=365, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last day of data (default: today, UTC).")  # fmt: skip
@click.option("--tracks", is_flag=True,
              help="Write the downhill hikes as GPX tracks (landing/exports/patient_id=<id>/) "
                   "instead of exercise rows.")  # fmt: skip
@click.option("--heart-rate-share", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of patients whose sessions get heart-rate streams.")  # fmt: skip
@click.pass_context
def generate(
    ctx: click.Context,
    out: Path,
    patients: int,
    days: int,
    seed: int,
    end: datetime | None,
    tracks: bool,
    heart_rate_share: float,
) -> None:
    """Write synthetic landing files and truth.csv (same seed, same bytes)."""
    from statinwatch.generate import generate_landing

    try:
        summary = generate_landing(
            out, patients=patients, days=days, seed=seed, end=end.date() if end else _today(),
            tracks=tracks, heart_rate_share=heart_rate_share,
        )  # fmt: skip
    except Exception as error:
        _fail(f"{type(error).__name__}: {error}".splitlines()[0], ctx.obj["verbose"])
    click.echo(f"wrote {summary.files} files for {summary.patients} patients to {out}/landing")


@main.command()
@click.argument("patient_id")
@click.option("--decision", type=click.Choice(DECISIONS), required=True,
              help="confirmed: SAMS likely; dismissed: not SAMS; escalated: referred.")  # fmt: skip
@click.option("--by", "reviewed_by", required=True, help="Who decided (name or staff id).")
@click.option("--note", default=None, help="Free text kept with the decision.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The cohort date reviewed (default: the patient's latest).")  # fmt: skip
@_home_option
@click.pass_context
def review(
    ctx: click.Context,
    patient_id: str,
    decision: str,
    reviewed_by: str,
    note: str | None,
    as_of: datetime | None,
    home: Path | None,
) -> None:
    """Record a decision on a flagged patient in the append-only review log.

    The patient shows as `reviewed` from the next run until new evidence arrives.
    """
    from statinwatch.paths import resolve_home
    from statinwatch.reviews import Disposition, ReviewRefused, record_review

    disposition = Disposition(
        patient_id, decision, reviewed_by, note, as_of.date() if as_of else None
    )
    try:
        recorded = record_review(resolve_home(home), disposition)
    except ReviewRefused as refused:
        _fail(str(refused), ctx.obj["verbose"])
    except Exception as error:
        _fail(f"{type(error).__name__}: {error}".splitlines()[0], ctx.obj["verbose"])
    click.echo(
        f"recorded review {recorded.review_id}: {patient_id} {decision} by {reviewed_by} "
        f"(cohort of {recorded.cohort_as_of}); the next run shows it"
    )
