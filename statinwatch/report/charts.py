"""The report's charts, drawn as static SVG: the geometry here, the markup in templates/.

A timeline is four panels on one time axis ending at the as-of date — drugs, exercise,
symptoms and CK — and the attrition funnel is a bar per inclusion rule. Both are simple enough
to lay out directly: a browser engine (Vega via vl-convert) drew the same panels at ~75 ms a
chart, a third of a next-day run. The templates escape every text they draw, so an activity
name typed by a patient is text, never markup, and report.html needs no script or network.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pandas as pd

from statinwatch.report.templating import TEMPLATES
from statinwatch.rules import rule_parameters
from statinwatch.vocabulary import vocabulary_rows

CHART_WIDTH = 600
LABEL_WIDTH = 150
RIGHT_MARGIN = 12
TOP_MARGIN = 18
# Room above each panel for its caption, and below the last for the date labels.
CAPTION_PX = 20
AXIS_PX = 22
MEDICATION_ROW_PX = 16
PANEL_HEIGHTS = {"exercise": 46, "symptoms": 64, "ck": 78}
# Text is cut to what fits beside the plot: about 5.5 px per character at 10 px.
LABEL_CHARACTERS = 27
FUNNEL_LABEL_CHARACTERS = 46
TICK_DAYS = 14
# The CK axis always shows 0.25–60× so the tier lines sit in the same place on every card;
# a higher value widens it.
CK_AXIS = (0.25, 60.0)
CK_TIER_PALETTE = ("#2f6db5", "#c25e00", "#b00020", "#5c0010")
MEDICATION_COLORS = {"statin": "#2f6db5", "interacting drug": "#d9822b"}
INTENSITY_ORDER = ["light", "moderate", "vigorous", "not given"]
STRENUOUS_COLOR = "#b00020"
USUAL_COLOR = "#8a9bb0"
DARK_URINE_COLOR = "#6b3e00"
SYMPTOM_COLORS = {
    "myalgia": "#6a3d9a", "cramp": "#1f78b4", "weakness": "#b00020", "tenderness": "#33a02c",
    "stiffness": "#ff7f00", "tendon_pain": "#8c564b", "fatigue": "#7f7f7f", "other": "#17becf",
}  # fmt: skip
# Marker areas in px² (as a plotting library sizes them): a session's grows with its minutes.
SESSION_AREA = (8.0, 170.0)
SESSION_FULL_MINUTES = 180.0
SYMPTOM_AREA = 40.0
CK_AREA = 60.0
PANELS = ("medications", "exercise", "symptoms", "ck")
CAPTIONS = {
    "medications": "Statin by daily dose (blue) and interacting drugs (orange)",
    "exercise": "Exercise by intensity (size = minutes; red ▲ = strenuous, named)",
    "symptoms": "Symptom severity 0–10 (colour = symptom; hollow = not given; ▼ = dark urine)",
    "ck": "CK × upper limit of normal (◆ = within 7 days of strenuous exercise)",
}
EMPTY_NOTE = " — none in the window"
FUNNEL_BAR_WIDTH = 420
FUNNEL_LABEL_WIDTH = 260
FUNNEL_ROW_PX = 22
# Room after the longest bar for its count, and above and below the bars.
FUNNEL_COUNT_PX = 60
FUNNEL_MARGIN_PX = 8
FUNNEL_COLOR = "#2f6db5"


def ck_tier_labels() -> list[str]:
    """The tier labels clinical.ck_results gives each CK (vocabulary/ck_tiers.csv), in order."""
    return [row["label"] for row in vocabulary_rows("ck_tiers")]


def ck_tiers() -> tuple[float, ...]:
    """1× and the EAS tier limits of rules/rules.toml, so the chart draws the rules' tiers."""
    rules = rule_parameters()
    return (1, rules["ck_tier_4x"], rules["ck_tier_10x"], rules["ck_tier_40x"])


def ck_tier_colors() -> dict[str, str]:
    """Legend label → colour of each CK tier."""
    _, low, mid, high = ck_tiers()
    labels = (f"≤ {low:g}×", f"{low:g}–{mid:g}×", f"{mid:g}–{high:g}×", f"> {high:g}×")
    return dict(zip(labels, CK_TIER_PALETTE, strict=True))


def ck_point_colors() -> dict[str, str]:
    """Tier label of clinical.ck_results → point colour. Points take the engine's own tier, so
    a result exactly on a limit shows in the tier the rules put it in (normal and 1-4× share
    the first colour)."""
    palette = (CK_TIER_PALETTE[0], *CK_TIER_PALETTE)
    return dict(zip(ck_tier_labels(), palette, strict=True))


@dataclass(frozen=True)
class Timeline:
    """One patient's rows for each panel (column → value), already limited to the chart
    window: plain records, as turning a small frame into rows costs more than drawing them."""

    medications: list[dict] = field(default_factory=list)
    exercise: list[dict] = field(default_factory=list)
    symptoms: list[dict] = field(default_factory=list)
    ck: list[dict] = field(default_factory=list)
    reviewed_on: date | None = None

    def rows(self, panel: str) -> list[dict]:
        return getattr(self, panel)


@dataclass(frozen=True)
class Mark:
    """One shape: a "circle", "triangle" or "diamond" of `size` px² centred on (x, y), a "bar"
    from x to x2 of height `size`, or "text" anchored at (x, y)."""

    shape: str
    x: float
    y: float
    size: float = 0.0
    fill: str = "none"
    stroke: str = "none"
    opacity: float = 1.0
    x2: float = 0.0
    text: str = ""
    font_size: int = 10
    anchor: str = "middle"

    @property
    def radius(self) -> float:
        return math.sqrt(self.size / math.pi)

    @property
    def polygon(self) -> str:
        """The corners of a triangle (point up) or diamond of the mark's area, as SVG points."""
        if self.shape == "triangle":
            side = math.sqrt(4 * self.size / math.sqrt(3))
            rise = side * math.sqrt(3) / 2
            corners = [(0, -rise * 2 / 3), (side / 2, rise / 3), (-side / 2, rise / 3)]
        else:
            half = math.sqrt(self.size / 2)
            corners = [(0, -half), (half, 0), (0, half), (-half, 0)]
        return " ".join(f"{self.x + dx:.1f},{self.y + dy:.1f}" for dx, dy in corners)


@dataclass(frozen=True)
class Panel:
    """A panel's box, caption, left-axis labels, dashed reference lines, and marks in paint
    order; `course` is a polyline joining points."""

    top: float
    height: float
    caption: str
    axis_labels: list[tuple[float, str]] = field(default_factory=list)
    reference_lines: list[float] = field(default_factory=list)
    course: list[tuple[float, float]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


@dataclass(frozen=True)
class TimeAxis:
    """Wall-clock times of [start, end) mapped onto the plot's width."""

    start: date
    end: date
    left: float = LABEL_WIDTH
    width: float = CHART_WIDTH

    def x(self, moment: object) -> float:
        begin = datetime.combine(self.start, time())
        span = (self.end - self.start).total_seconds()
        offset = (pd.Timestamp(moment).to_pydatetime() - begin).total_seconds()
        return self.left + self.width * offset / span

    def ticks(self) -> list[tuple[float, str]]:
        """A date label every two weeks, on Mondays."""
        first = self.start + timedelta(days=-self.start.weekday() % 7)
        days = [first + timedelta(days=d) for d in range(0, (self.end - first).days, TICK_DAYS)]
        return [(self.x(day), day.strftime("%d %b")) for day in days]


def _cut(text: str, characters: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= characters else text[: characters - 1] + "…"


def present(value: object) -> bool:
    """A value the data holds: not None, NaN or NaT."""
    return value is not None and not pd.isna(value)


def _caption(panel: str, rows: list[dict]) -> str:
    return CAPTIONS[panel] + ("" if rows else EMPTY_NOTE)


def _rows_axis(labels: list[str], top: float, height: float) -> dict[str, float]:
    """The centre of each label's band, the first label on top."""
    band = height / max(len(labels), 1)
    return {label: top + band * (i + 0.5) for i, label in enumerate(labels)}


def _medications_panel(rows: list[dict], axis: TimeAxis, top: float) -> Panel:
    labels = list(dict.fromkeys(row["label"] for row in rows))
    height = MEDICATION_ROW_PX * max(len(labels), 1)
    centres = _rows_axis(labels, top, height)
    bar_height = MEDICATION_ROW_PX - 5
    bars = [
        Mark("bar", axis.x(row["start_date"]), centres[row["label"]] - bar_height / 2,
             size=bar_height, x2=axis.x(row["end_date"]), fill=MEDICATION_COLORS[row["kind"]])
        for row in rows
    ]  # fmt: skip
    return Panel(
        top, height, _caption("medications", rows),
        axis_labels=[(y, _cut(label)) for label, y in centres.items()], marks=bars,
    )  # fmt: skip


def _session_area(minutes: object) -> float:
    low, high = SESSION_AREA
    if not present(minutes):
        return low
    share = min(max(float(minutes), 0.0), SESSION_FULL_MINUTES) / SESSION_FULL_MINUTES
    return low + (high - low) * share


def _exercise_panel(rows: list[dict], axis: TimeAxis, top: float) -> Panel:
    height = PANEL_HEIGHTS["exercise"]
    centres = _rows_axis(INTENSITY_ORDER, top, height)
    usual, strenuous, names = [], [], []
    for row in rows:
        x, y = axis.x(row["start_time"]), centres[row["intensity"]]
        area = _session_area(row["duration_min"])
        if row["is_strenuous"]:
            strenuous.append(Mark("triangle", x, y, size=area, fill=STRENUOUS_COLOR))
            names.append(
                Mark("text", x, y - 10, text=row["activity"], font_size=9, fill=STRENUOUS_COLOR)
            )
        else:
            usual.append(Mark("circle", x, y, size=area, fill=USUAL_COLOR, opacity=0.55))
    return Panel(
        top, height, _caption("exercise", rows),
        axis_labels=[(y, label) for label, y in centres.items()],
        marks=[*usual, *strenuous, *names],
    )  # fmt: skip


def _symptoms_panel(rows: list[dict], axis: TimeAxis, top: float) -> Panel:
    height = PANEL_HEIGHTS["symptoms"]

    def y(severity: object) -> float:
        return top + height * (1 - (float(severity) if present(severity) else 0.0) / 10)

    course, points, dark_urine = [], [], []
    for row in rows:
        x, severity = axis.x(row["reported_at"]), row["severity"]
        color = SYMPTOM_COLORS.get(row["symptom"], SYMPTOM_COLORS["other"])
        given = present(severity)
        if row["is_muscle_symptom"]:
            course.append((x, y(severity)))
        points.append(Mark("circle", x, y(severity), size=SYMPTOM_AREA,
                           fill=color if given else "white", stroke=color))  # fmt: skip
        if row["dark_urine"]:
            dark_urine.append(Mark("text", x, y(severity) - 8, text="▼", font_size=11,
                                   fill=DARK_URINE_COLOR))  # fmt: skip
    return Panel(
        top, height, _caption("symptoms", rows),
        axis_labels=[(y(v), str(v)) for v in (0, 5, 10)], course=course,
        marks=[*points, *dark_urine],
    )  # fmt: skip


def _ck_panel(rows: list[dict], axis: TimeAxis, top: float) -> Panel:
    height = PANEL_HEIGHTS["ck"]
    rows = [row for row in rows if present(row["uln_multiple"])]
    # Values below the axis sit on its floor; a value above it widens the axis.
    shown = [max(float(row["uln_multiple"]), CK_AXIS[0]) for row in rows]
    low, high = math.log(CK_AXIS[0]), math.log(max([CK_AXIS[1], *shown]))

    def y(multiple: float) -> float:
        return top + height * (1 - (math.log(multiple) - low) / (high - low))

    colors = ck_point_colors()
    points = [
        Mark("diamond" if row["is_exercise_confounded"] else "circle",
             axis.x(row["collected_at"]), y(value), size=CK_AREA, fill=colors[row["tier"]])
        for row, value in zip(rows, shown, strict=True)
    ]  # fmt: skip
    tiers = ck_tiers()
    return Panel(
        top, height, _caption("ck", rows),
        axis_labels=[(y(t), f"{t:g}×") for t in tiers], reference_lines=[y(t) for t in tiers],
        marks=points,
    )  # fmt: skip


PANEL_BUILDERS = {
    "medications": _medications_panel,
    "exercise": _exercise_panel,
    "symptoms": _symptoms_panel,
    "ck": _ck_panel,
}


def timeline_svg(window: tuple[date, date], timeline: Timeline) -> str:
    """One patient's timeline as SVG over the chart window [start, end)."""
    axis = TimeAxis(*window)
    panels, top = [], float(TOP_MARGIN)
    for name in PANELS:
        panel = PANEL_BUILDERS[name](timeline.rows(name), axis, top)
        panels.append(panel)
        top = panel.top + panel.height + CAPTION_PX
    reviewed = timeline.reviewed_on
    return TEMPLATES.get_template("timeline.svg.j2").render(
        width=LABEL_WIDTH + CHART_WIDTH + RIGHT_MARGIN,
        height=top - CAPTION_PX + AXIS_PX,
        left=LABEL_WIDTH,
        plot_width=CHART_WIDTH,
        panels=panels,
        ticks=axis.ticks(),
        review_x=axis.x(datetime.combine(reviewed, time(12))) if reviewed else None,
    )


def timeline_svgs(window: tuple[date, date], timelines: list[Timeline]) -> list[str]:
    """The patients' timelines as SVG, in order."""
    return [timeline_svg(window, timeline) for timeline in timelines]


def funnel_svg(attrition: pd.DataFrame) -> str:
    """The attrition funnel: patients left after each inclusion rule, in rule order."""
    most = max(int(attrition["patients"].max()), 1)
    rows = [
        {
            "label": _cut(str(step).replace("_", " "), FUNNEL_LABEL_CHARACTERS),
            "patients": int(patients),
            "length": FUNNEL_BAR_WIDTH * int(patients) / most,
        }
        for step, patients in zip(attrition["step"], attrition["patients"], strict=True)
    ]  # fmt: skip
    return TEMPLATES.get_template("funnel.svg.j2").render(
        rows=rows,
        left=FUNNEL_LABEL_WIDTH,
        row_px=FUNNEL_ROW_PX,
        width=FUNNEL_LABEL_WIDTH + FUNNEL_BAR_WIDTH + FUNNEL_COUNT_PX,
        height=FUNNEL_ROW_PX * len(rows) + FUNNEL_MARGIN_PX,
        color=FUNNEL_COLOR,
    )
