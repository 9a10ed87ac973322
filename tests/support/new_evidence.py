"""Reviewed patients on the next as-of date, one kind of new evidence each, with the status and
new evidence sql/review/insert_snapshot.sql must give them (issue 5: a disposition covers what
the reviewer saw; a new symptom episode, a higher CK tier or priority, a new interacting drug,
a higher dose or intensity brings the patient back as `ongoing`). The clinical tables are
stand-ins holding only the columns the review stage reads; tests/review/ judges them on DuckDB,
tests/spark/ on Spark."""

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from statinwatch.rules import rule_parameters

REVIEWED_ON = date(2026, 6, 10)
AS_OF = date(2026, 6, 12)
PARAMS = {**rule_parameters(), "as_of": AS_OF}
STAND_INS = ("clinical.patient_evaluation", "clinical.interaction_exposures")


@dataclass(frozen=True)
class Evidence:
    """What the review compares between the reviewed row and today's evaluation."""

    priority: str = "medium"
    onset: date = date(2026, 6, 1)
    drugs: tuple[str, ...] = ()
    statin: str = "simvastatin"
    dose_mg: float = 40.0
    intensity: str = "moderate"


@dataclass(frozen=True)
class Seen(Evidence):
    """The cohort row a clinician dismissed on REVIEWED_ON."""

    ck_tier: int = 1


@dataclass(frozen=True)
class Now(Evidence):
    """The patient's evaluation on AS_OF."""

    ck_multiple: float = 1.5  # tier 1: above the upper limit, not above 4×


@dataclass(frozen=True)
class Case:
    patient_id: str
    seen: Seen | None
    now: Now
    status: str
    new_evidence: str | None


CASES = (
    Case("P-NEW", None, Now(), "new", None),
    # Negative controls: nothing the reviewer did not see.
    Case("P-SAME", Seen(drugs=("amiodarone",)), Now(drugs=("amiodarone",)), "reviewed", None),
    Case("P-FEWER", Seen(drugs=("amiodarone", "clarithromycin")), Now(drugs=("clarithromycin",)),
         "reviewed", None),
    Case("P-LOWER", Seen(priority="high", ck_tier=2, dose_mg=80.0),
         Now(priority="medium", ck_multiple=2.0, dose_mg=40.0), "reviewed", None),
    # One kind of new evidence each.
    Case("P-DRUG", Seen(), Now(drugs=("clarithromycin",)), "ongoing",
         "new interacting drug clarithromycin"),
    Case("P-DRUG2", Seen(drugs=("amiodarone",)), Now(drugs=("amiodarone", "diltiazem", "verapamil")),
         "ongoing", "new interacting drug diltiazem, verapamil"),
    Case("P-DOSE", Seen(statin="atorvastatin", dose_mg=20.0),
         Now(statin="atorvastatin", dose_mg=40.0, intensity="high"), "ongoing",
         "dose raised to 40 mg/day"),
    Case("P-SWITCH", Seen(statin="simvastatin", dose_mg=20.0),
         Now(statin="rosuvastatin", dose_mg=20.0, intensity="high"), "ongoing",
         "statin intensity raised to high"),
    Case("P-PRIORITY", Seen(), Now(priority="high"), "ongoing", "priority rose from medium to high"),
    Case("P-CK", Seen(), Now(ck_multiple=12.0), "ongoing", "CK rose to 12× ULN"),
    Case("P-ONSET", Seen(), Now(onset=date(2026, 6, 11)), "ongoing",
         "new symptom episode from 2026-06-11"),
)  # fmt: skip

STAND_IN_TABLES = """
create table clinical.patient_evaluation (
    as_of date, patient_id varchar, is_flagged boolean, priority varchar, reasons varchar,
    explanation varchar, statin varchar, daily_dose_mg double, intensity varchar,
    onset_date date, ck_multiple double, risk_score integer, rules_version varchar,
    rule_ever_statin boolean, rule_statin_exposed boolean, rule_any_signal boolean,
    rule_muscle_symptoms boolean, rule_not_exercise_explained boolean, rule_high_concern boolean
);
create table clinical.interaction_exposures (patient_id varchar, interacting_drug varchar);
"""
EVALUATION = (
    "insert into clinical.patient_evaluation values "
    "(?, ?, true, ?, 'STATIN_EXPOSED;MUSCLE_SYMPTOMS', 'Myalgia on a statin.', ?, ?, ?, ?, ?, "
    "1, 'test', true, true, true, true, true, false)"
)
EARLIER_SNAPSHOT = (
    "insert into review.flagged_cohort (as_of, patient_id, priority, reasons, explanation, "
    "first_flagged, status, rules_version) values (?, ?, ?, 'STATIN_EXPOSED', 'x', ?, 'new', 'test')"
)
REVIEW = (
    "insert into review.review_log (review_id, patient_id, decision, reviewed_by, reviewed_at, "
    "cohort_as_of, source, row_hash) values (?, ?, 'dismissed', 'Dr Ada', ?, ?, 'cli', ?)"
)
EVIDENCE_SEEN = (
    "insert into review.review_evidence (review_id, as_of, priority, evidence_onset, ck_tier, "
    "interacting_drugs, statin, daily_dose_mg, intensity) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def write_review_inputs(conn: duckdb.DuckDBPyConnection) -> None:
    """The stand-in clinical tables of AS_OF, and the review state a dismissal on REVIEWED_ON
    left for every case that has one (a warehouse with sql/schema/ applied)."""
    conn.execute(STAND_IN_TABLES)
    reviewed_at = datetime.combine(REVIEWED_ON, datetime.min.time().replace(hour=16))
    for review_id, case in enumerate(CASES, start=1):
        now = case.now
        conn.execute(EVALUATION, [AS_OF, case.patient_id, now.priority, now.statin, now.dose_mg,
                                  now.intensity, now.onset, now.ck_multiple])  # fmt: skip
        for drug in now.drugs:
            conn.execute(
                "insert into clinical.interaction_exposures values (?, ?)", [case.patient_id, drug]
            )
        if case.seen is None:
            continue
        seen = case.seen
        conn.execute(EARLIER_SNAPSHOT, [REVIEWED_ON, case.patient_id, seen.priority, REVIEWED_ON])
        conn.execute(
            REVIEW, [review_id, case.patient_id, reviewed_at, REVIEWED_ON, f"h{review_id}"]
        )
        conn.execute(EVIDENCE_SEEN, [review_id, REVIEWED_ON, seen.priority, seen.onset,
                                     seen.ck_tier, list(seen.drugs) or None, seen.statin,
                                     seen.dose_mg, seen.intensity])  # fmt: skip


def judged(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None]]:
    """Each patient's status and new evidence in the AS_OF snapshot."""
    rows = conn.execute(
        "select patient_id, status, new_evidence from review.flagged_cohort where as_of = ?",
        [AS_OF],
    ).fetchall()
    return {patient: (status, evidence) for patient, status, evidence in rows}


def expected() -> dict[str, tuple[str, str | None]]:
    return {case.patient_id: (case.status, case.new_evidence) for case in CASES}
