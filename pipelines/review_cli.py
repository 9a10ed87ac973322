"""`statinwatch review`: a clinician's disposition of a flagged patient, from the terminal."""

from datetime import datetime
from pathlib import Path

import click

from pipelines.reviews import DECISIONS


@click.command()
@click.argument("patient_id")
@click.option("--decision", type=click.Choice(DECISIONS), required=True,
              help="confirmed: SAMS likely; dismissed: not SAMS; escalated: referred.")  # fmt: skip
@click.option("--by", "reviewed_by", required=True, help="Who decided (name or staff id).")
@click.option("--note", default=None, help="Free text kept with the decision.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The cohort date reviewed (default: the patient's latest).")  # fmt: skip
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Home folder (default: $STATINWATCH_HOME, else ~/.statinwatch).")  # fmt: skip
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
    from pipelines.cli import _fail
    from pipelines.paths import resolve_home
    from pipelines.reviews import Disposition, ReviewRefused, record_review

    disposition = Disposition(
        patient_id, decision, reviewed_by, note, as_of.date() if as_of else None
    )
    verbose = (ctx.obj or {}).get("verbose", False)
    try:
        recorded = record_review(resolve_home(home), disposition)
    except ReviewRefused as refused:
        _fail(str(refused), verbose)
    except Exception as error:
        _fail(f"{type(error).__name__}: {error}".splitlines()[0], verbose)
    click.echo(
        f"recorded review {recorded.review_id}: {patient_id} {decision} by {reviewed_by} "
        f"(cohort of {recorded.cohort_as_of}); the next run shows it"
    )
