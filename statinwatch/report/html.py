"""Render report.html: self-contained, every value HTML-escaped by the template engine.

The charts arrive as SVG text from statinwatch.report.charts (drawn by templates that escape
the text they draw); only they are marked safe.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from markupsafe import Markup

from statinwatch.report.charts import (
    SYMPTOM_COLORS,
    ck_tier_colors,
    funnel_svg,
    present,
    timeline_svgs,
)
from statinwatch.report.evidence import TIMELINE_CHART_LIMIT, TIMELINE_DAYS, ReportEvidence
from statinwatch.report.reasons import reason_phrases
from statinwatch.report.templating import TEMPLATES

NOT_FLAGGED = "not flagged"
# The kinds of change sql/review/changes_since_previous_run.sql reports, as the report says them.
CHANGE_LABELS = {
    "new": "newly flagged",
    "new_evidence": "back with new evidence since their review",
    "up": "priority went up",
    "down": "priority went down",
    "back": "flagged again after a pause",
    "gone": "no longer flagged",
}


@dataclass(frozen=True)
class RenderedReport:
    html: str
    charts: int


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _day(value: object) -> str:
    return pd.Timestamp(value).date().isoformat()


def _statin_fact(row: dict, fact: dict) -> str:
    text = (row["statin"] or "statin").capitalize()
    if present(row["daily_dose_mg"]):
        text += f" {_number(row['daily_dose_mg'])} mg/day"
    if present(row["intensity"]):
        text += f", {row['intensity']} intensity"
    current, ended = fact.get("is_current"), fact.get("last_exposure_end")
    if not present(current):
        return text
    return text + (", current" if current else f", stopped {_day(ended)}")


def _symptom_fact(fact: dict) -> str:
    if not present(fact.get("onset_date")):
        return "none in the last 30 days"
    onset, last = pd.Timestamp(fact["onset_date"]), pd.Timestamp(fact["last_report_date"])
    text = f"{_day(onset)} to {_day(last)} ({(last - onset).days} days)"
    return text + (", fits exercise soreness" if fact.get("is_exercise_explained") else "")


def _sams_ci_fact(fact: dict) -> str | None:
    if not present(fact.get("sams_ci_score")):
        return None
    score, band = int(fact["sams_ci_score"]), fact["sams_ci_band"]
    if not fact.get("sams_ci_provisional"):
        return f"{score} of 11, {band}"
    # A provisional score is not a verdict: name the best band the missing domains allow.
    reachable = fact.get("sams_ci_reachable_band")
    verdict = (
        f", {band} whatever they show" if reachable == band else f" so far; could reach {reachable}"
    )
    return f"{score} of 11{verdict} (not in data: {fact['sams_ci_missing']})"


def _ck_fact(fact: dict) -> str:
    if not present(fact.get("ck_multiple")):
        return "not measured in the last 30 days"
    text = f"{_number(fact['ck_multiple'])}× upper limit of normal"
    return text + (", drawn after strenuous exercise" if fact.get("ck_confounded") else "")


def _interaction_fact(fact: dict) -> str | None:
    if not present(fact.get("interaction_drug")):
        return None
    level = str(fact.get("interaction_level") or "").replace("_", " ")
    breach = ", label rule breached" if fact.get("interaction_breach") else ""
    return f"{fact['interaction_drug']} ({level}{breach})"


def _evidence_rows(row: dict, fact: dict, risks: list[str]) -> list[tuple[str, str]]:
    """The key-evidence table of one card; rows without data are left out."""
    age = fact.get("age_years")
    patient = f"{int(age)} years" if present(age) else "age unknown"
    rows = [
        ("Statin", _statin_fact(row, fact)),
        ("Muscle symptoms", _symptom_fact(fact) if fact else None),
        ("SAMS-CI", _sams_ci_fact(fact)),
        ("Highest CK, 30 days", _ck_fact(fact) if fact else None),
        ("Interacting drug", _interaction_fact(fact)),
        ("Patient", patient + (f"; {', '.join(risks)}" if risks else "")),
        ("First flagged", _day(row["first_flagged"])),
    ]
    return [(label, value) for label, value in rows if value]


def trend_text(points: list[tuple[date, str | None]]) -> str:
    """'medium → high since 2026-06-01', or how long the priority has held in the window."""
    if len(points) < 2:
        return "no earlier run to compare"
    current = points[-1][1] or NOT_FLAGGED
    for (_, before), (day, after) in zip(points[-2::-1], points[:0:-1], strict=True):
        if before != after:
            return f"{before or NOT_FLAGGED} → {current} since {day.isoformat()}"
    return f"{current} on all of the last {len(points)} runs (since {points[0][0].isoformat()})"


def _review_line(row: dict) -> str | None:
    if not present(row["decision"]):
        return None
    return f"{row['decision']} by {row['reviewed_by']} on {_day(row['reviewed_at'])}"


def _card(index: int, row: dict, evidence: ReportEvidence, svg: str | None) -> dict:
    findings, risks = reason_phrases(row["reasons"])
    points = evidence.trends.get(row["patient_id"], [])
    fact = evidence.facts.get(row["patient_id"], {})
    return {
        "anchor": f"p{index}",
        "patient_id": row["patient_id"],
        "priority": row["priority"],
        "status": row["status"],
        "findings": findings,
        "codes": row["reasons"].replace(";", " "),
        "explanation": fact.get("clinical_explanation") or row["explanation"],
        "evidence": _evidence_rows(row, fact, risks),
        "statin": _statin_fact(row, {}),
        "trend": [(day.isoformat(), priority or "none") for day, priority in points],
        "trend_text": trend_text(points),
        "review": _review_line(row),
        "review_note": row["review_note"] if present(row["review_note"]) else None,
        "new_evidence": row["new_evidence"] if present(row["new_evidence"]) else None,
        "chart": Markup(svg) if svg else None,
    }


def _changes(changes: pd.DataFrame, anchors: dict[str, str]) -> dict:
    """What happened since the previous run, by kind, with links to the cards concerned."""
    previous = changes["previous_as_of"].dropna()
    groups = [
        {
            "kind": kind,
            "label": label,
            "people": [
                {"patient_id": r.patient_id, "anchor": anchors.get(r.patient_id),
                 "before": r.previous_priority, "now": r.priority}
                for r in changes[changes["change"] == kind].itertuples()
            ],
        }
        for kind, label in CHANGE_LABELS.items()
    ]  # fmt: skip
    return {
        "previous_as_of": _day(previous.iloc[0]) if not previous.empty else None,
        "groups": [group for group in groups if group["people"]],
    }


def render_report(
    as_of: date,
    cohort: pd.DataFrame,
    attrition: pd.DataFrame,
    summary: dict,
    evidence: ReportEvidence,
) -> RenderedReport:
    rows = cohort.to_dict(orient="records")
    charted = [row["patient_id"] for row in rows if row["patient_id"] in evidence.timelines]
    svgs = {}
    if charted:
        timelines = [evidence.timelines[patient] for patient in charted]
        svgs = dict(zip(charted, timeline_svgs(evidence.window, timelines), strict=True))
    cards = [
        _card(index, row, evidence, svgs.get(row["patient_id"])) for index, row in enumerate(rows)
    ]
    anchors = {card["patient_id"]: card["anchor"] for card in cards}
    html = TEMPLATES.get_template("report.html.j2").render(
        as_of=as_of.isoformat(),
        summary=summary,
        cards=cards,
        changes=_changes(evidence.changes, anchors),
        funnel=Markup(funnel_svg(attrition)) if not attrition.empty else None,
        timeline_days=TIMELINE_DAYS,
        chart_limit=TIMELINE_CHART_LIMIT,
        symptom_colors=SYMPTOM_COLORS,
        ck_colors=ck_tier_colors(),
    )
    return RenderedReport(html=html, charts=sum(card["chart"] is not None for card in cards))
