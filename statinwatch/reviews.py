"""Record a clinician's disposition of a flagged patient in the append-only review log.

`statinwatch review` writes to the same DuckDB file the pipeline runs on, so it takes the
runner's home lock first (a second command fails fast instead of waiting or colliding) and
writes the log row and its evidence fingerprint in one transaction. DuckDB and the runner
are imported when a review is recorded, so the command line's `--help` stays instant.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from statinwatch.ingest.streams import StreamSpec
from statinwatch.paths import warehouse_path

if TYPE_CHECKING:
    import duckdb

DECISIONS = ("confirmed", "dismissed", "escalated")
REVIEW_LOG_TABLE = "review.review_log"
# The reviews stream rides the ingest machinery (hashing, quarantine, manifest) but is
# validated by sql/review and appended to the review log instead of a raw.* table.
REVIEWS = StreamSpec(
    name="reviews",
    columns=("patient_id", "decision", "by", "note", "reviewed_at"),
    required=("patient_id", "decision", "by", "reviewed_at"),
    dedupe_range_column="reviewed_at",
    raw_table=REVIEW_LOG_TABLE,
    validate_sql="review/review_log",
)


class ReviewRefused(Exception):
    """The disposition was not recorded; the message is the one line the clinician reads."""


@dataclass(frozen=True)
class Disposition:
    patient_id: str
    decision: str
    reviewed_by: str
    note: str | None = None
    cohort_as_of: date | None = None


@dataclass(frozen=True)
class RecordedReview:
    review_id: int
    cohort_as_of: date
    reviewed_at: datetime


@contextmanager
def _home_locked(home: Path) -> Iterator[None]:
    from statinwatch.home_lock import HomeBusy, home_lock

    try:
        with home_lock(home):
            yield
    except HomeBusy as busy:
        raise ReviewRefused(str(busy)) from busy


@contextmanager
def _warehouse(home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    import duckdb

    from statinwatch.resources import duckdb_settings, open_warehouse

    path = warehouse_path(home)
    if not path.exists():
        raise ReviewRefused(f"no warehouse in {home}: run `statinwatch run` first")
    with ExitStack() as stack:
        try:
            conn = stack.enter_context(open_warehouse(path, duckdb_settings(path)))
        except duckdb.IOException as error:
            # A run launched from the Dagster UI holds the file without the home lock.
            raise ReviewRefused(
                f"the warehouse in {home} is in use by another process; try again when it ends"
            ) from error
        yield conn


def _checked(disposition: Disposition) -> Disposition:
    if disposition.decision not in DECISIONS:
        raise ReviewRefused(f"decision must be one of {', '.join(DECISIONS)}")
    if not disposition.patient_id.strip() or not disposition.reviewed_by.strip():
        raise ReviewRefused("a review needs a patient id and the name of the reviewer")
    return Disposition(
        patient_id=disposition.patient_id.strip(),
        decision=disposition.decision,
        reviewed_by=disposition.reviewed_by.strip(),
        note=(disposition.note or "").strip() or None,
        cohort_as_of=disposition.cohort_as_of,
    )


def _not_in_cohort(disposition: Disposition) -> str:
    where = (
        f"the cohort of {disposition.cohort_as_of}"
        if disposition.cohort_as_of
        else "any cohort snapshot"
    )
    return (
        f"patient {disposition.patient_id!r} is not in {where}: "
        "only patients the pipeline flagged can be reviewed"
    )


def record_review(home: Path, disposition: Disposition) -> RecordedReview:
    """Append one disposition, refusing a patient who was never in the cohort (of that date)."""
    from statinwatch.sql import run_sql, transaction

    wanted = _checked(disposition)
    reviewed_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with _home_locked(home), _warehouse(home) as conn, transaction(conn):
        cohort = run_sql(
            conn,
            "review/cohort_of_patient",
            {"patient_id": wanted.patient_id, "as_of": wanted.cohort_as_of},
        ).fetchone()
        if cohort is None:
            raise ReviewRefused(_not_in_cohort(wanted))
        (review_id,) = run_sql(
            conn,
            "review/insert_cli_review",
            {
                "patient_id": wanted.patient_id,
                "decision": wanted.decision,
                "reviewed_by": wanted.reviewed_by,
                "note": wanted.note,
                "reviewed_at": reviewed_at,
                "cohort_as_of": cohort[0],
            },
        ).fetchone()
        run_sql(conn, "review/insert_review_evidence")
    return RecordedReview(review_id=int(review_id), cohort_as_of=cohort[0], reviewed_at=reviewed_at)
