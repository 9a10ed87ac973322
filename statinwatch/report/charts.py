"""The report's charts: Altair specifications rendered to static SVG by vl-convert.

Rendering happens here, so report.html carries no script and needs no network. The timeline
is specified once per report with Altair over named datasets and compiled to Vega once; each
patient's chart is that Vega spec with the patient's rows filled in, which keeps a card at
tens of milliseconds. Times go to Vega as UTC ("…Z") on UTC scales: the pipeline keeps
wall-clock times, and a local-time parse would shift them by the renderer's time zone.
"""

import json
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd
import vl_convert

from statinwatch.report.svg_pool import NO_NETWORK, draw_all
from statinwatch.rules import rule_parameters
from statinwatch.vocabulary import vocabulary_rows

CHART_WIDTH = 600
LABEL_WIDTH = 150
MEDICATION_ROW_PX = 16
VCONCAT_SPACING = 20
PANEL_HEIGHTS = {"exercise": 46, "symptoms": 64, "ck": 78}
# The CK axis always shows 0.25–60× so the tier lines sit in the same place on every card;
# a higher value widens it.
CK_AXIS = (0.25, 60.0)
CK_TIER_PALETTE = ("#2f6db5", "#c25e00", "#b00020", "#5c0010")
# The tiers clinical.ck_results assigns, lowest first: points are coloured by the engine's own
# tier, so a result exactly on a limit shows in the tier the rules put it in (normal and 1-4×
# share the first colour).
MEDICATION_COLORS = {"statin": "#2f6db5", "interacting drug": "#d9822b"}
INTENSITY_ORDER = ["light", "moderate", "vigorous", "not given"]
STRENUOUS_COLOR = "#b00020"
USUAL_COLOR = "#8a9bb0"
DARK_URINE_COLOR = "#6b3e00"
REVIEW_COLOR = "#444"
SYMPTOM_COLORS = {
    "myalgia": "#6a3d9a", "cramp": "#1f78b4", "weakness": "#b00020", "tenderness": "#33a02c",
    "stiffness": "#ff7f00", "tendon_pain": "#8c564b", "fatigue": "#7f7f7f", "other": "#17becf",
}  # fmt: skip
# Each panel's data; "captions" holds each panel's caption, "review" the day of the last review.
PANELS = ("medications", "exercise", "symptoms", "ck")
CAPTIONS = {
    "medications": "Statin by daily dose (blue) and interacting drugs (orange)",
    "exercise": "Exercise by intensity (size = minutes; red ▲ = strenuous, named)",
    "symptoms": "Symptom severity 0–10 (colour = symptom; hollow = not given; ▼ = dark urine)",
    "ck": "CK × upper limit of normal (◆ = within 7 days of strenuous exercise)",
}
EMPTY_NOTE = " — none in the window"
TIME_COLUMNS = {
    "medications": ("start_date", "end_date"),
    "exercise": ("start_time",),
    "symptoms": ("reported_at",),
    "ck": ("collected_at",),
}
UNSAFE_SVG = ("<script", "<foreignobject")


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


@dataclass(frozen=True)
class Timeline:
    """One patient's rows for each panel, already limited to the chart window."""

    medications: pd.DataFrame
    exercise: pd.DataFrame
    symptoms: pd.DataFrame
    ck: pd.DataFrame
    reviewed_on: date | None = None

    def frame(self, panel: str) -> pd.DataFrame:
        return getattr(self, panel)


def _utc(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _x(field: str, start: date, end: date, labels: bool) -> alt.X:
    return alt.X(
        field,
        type="temporal",
        title=None,
        scale=alt.Scale(type="utc", domain=[_utc(start), _utc(end)]),
        # Only the bottom panel carries date labels; the others keep the grid to line up with it.
        axis=alt.Axis(
            format="%d %b",
            tickCount=alt.TimeIntervalStep(interval="week", step=2),
            labels=labels,
            ticks=labels,
            domain=labels,
        ),
    )


def _overlays(panel: str, start: date, end: date) -> list[alt.Chart]:
    """The panel's caption and the review-day line. Captions are data-driven text marks, not
    Vega titles: titles triple the rendering time, and the data says when a panel is empty."""
    caption = (
        alt.Chart(alt.Data(name="captions"))
        .transform_filter(alt.datum.panel == panel)
        .mark_text(align="left", baseline="bottom", fontSize=11, color="#333")
        .encode(text="text:N", x=alt.value(0), y=alt.value(-3))
    )
    review = (
        alt.Chart(alt.Data(name="review"))
        .mark_rule(color=REVIEW_COLOR, strokeDash=[3, 2], strokeWidth=1.2)
        .encode(x=_x("day", start, end, labels=False))
    )
    return [caption, review]


def _palette(colors: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colors), range=list(colors.values()))


def _panel(*layers: alt.Chart) -> alt.LayerChart:
    return alt.layer(*layers).properties(width=CHART_WIDTH)


def _medications_panel(start: date, end: date) -> alt.LayerChart:
    x = _x("start_date", start, end, labels=False)
    bars = (
        alt.Chart(alt.Data(name="medications"), height=alt.Step(MEDICATION_ROW_PX))
        .mark_bar(height=MEDICATION_ROW_PX - 5, cornerRadius=2)
        .encode(
            x=x,
            x2="end_date",
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=LABEL_WIDTH)),
            color=alt.Color("kind:N", scale=_palette(MEDICATION_COLORS), legend=None),
        )
    )  # fmt: skip
    return _panel(bars, *_overlays("medications", start, end))


def _exercise_panel(start: date, end: date) -> alt.LayerChart:
    height = PANEL_HEIGHTS["exercise"]
    x = _x("start_time", start, end, labels=False)
    base = alt.Chart(alt.Data(name="exercise"), height=height).encode(
        x=x,
        y=alt.Y("intensity:N", title=None, sort=INTENSITY_ORDER,
                axis=alt.Axis(labelLimit=LABEL_WIDTH)),
        size=alt.Size("duration_min:Q", legend=None,
                      scale=alt.Scale(domain=[0, 180], range=[8, 170], clamp=True)),
    )  # fmt: skip
    strenuous = "datum.is_strenuous"
    sessions = base.mark_point(filled=True).encode(
        shape=alt.condition(strenuous, alt.value("triangle-up"), alt.value("circle")),
        color=alt.condition(strenuous, alt.value(STRENUOUS_COLOR), alt.value(USUAL_COLOR)),
        opacity=alt.condition(strenuous, alt.value(1.0), alt.value(0.55)),
    )
    named = (
        base.transform_filter(strenuous)
        .mark_text(dy=-10, fontSize=9, color=STRENUOUS_COLOR)
        .encode(text="activity:N", size=alt.value(9))
    )
    return _panel(sessions, named, *_overlays("exercise", start, end))


def _symptoms_panel(start: date, end: date) -> alt.LayerChart:
    height = PANEL_HEIGHTS["symptoms"]
    x = _x("reported_at", start, end, labels=False)
    base = (
        alt.Chart(alt.Data(name="symptoms"), height=height)
        .transform_calculate(shown="datum.severity == null ? 0 : datum.severity")
        .encode(x=x, y=alt.Y("shown:Q", title=None, scale=alt.Scale(domain=[0, 10]),
                             axis=alt.Axis(values=[0, 5, 10])))
    )  # fmt: skip
    colors = _palette(SYMPTOM_COLORS)
    course = base.transform_filter("datum.is_muscle_symptom").mark_line(strokeWidth=1, color="#aaa")
    points = base.mark_point(size=40, strokeWidth=1.6).encode(
        stroke=alt.Stroke("symptom:N", scale=colors, legend=None),
        fill=alt.condition(
            "datum.severity != null",
            alt.Fill("symptom:N", scale=colors, legend=None),
            alt.value("white"),
        ),
    )
    dark_urine = base.transform_filter("datum.dark_urine").mark_text(
        text="▼", dy=-10, fontSize=11, color=DARK_URINE_COLOR
    )
    return _panel(course, points, dark_urine, *_overlays("symptoms", start, end))


def _ck_panel(start: date, end: date) -> alt.LayerChart:
    height = PANEL_HEIGHTS["ck"]
    x = _x("collected_at", start, end, labels=True)
    y_scale = alt.Scale(type="log", domain=alt.DomainUnionWith(unionWith=list(CK_AXIS)))
    tier_limits = ck_tiers()
    tiers = alt.Data(values=[{"multiple": tier} for tier in tier_limits])
    lines = (
        alt.Chart(tiers)
        .mark_rule(strokeDash=[4, 3], color="#b0b0b0")
        .encode(y=alt.Y("multiple:Q", scale=y_scale))
    )
    points = (
        alt.Chart(alt.Data(name="ck"), height=height)
        .transform_calculate(shown=f"max(datum.uln_multiple, {CK_AXIS[0]})")
        .mark_point(size=60, filled=True, strokeWidth=1.5)
        .encode(
            x=x,
            y=alt.Y("shown:Q", title=None, scale=y_scale,
                    axis=alt.Axis(values=list(tier_limits), labelExpr="datum.value + '×'")),
            color=alt.Color("tier:N", legend=None, scale=alt.Scale(
                domain=ck_tier_labels(), range=[CK_TIER_PALETTE[0], *CK_TIER_PALETTE])),
            shape=alt.condition("datum.is_exercise_confounded", alt.value("diamond"),
                                alt.value("circle")),
        )
    )  # fmt: skip
    return _panel(lines, points, *_overlays("ck", start, end))


def timeline_template(start: date, end: date) -> dict:
    """The Vega spec of every timeline of one report: drugs, exercise, symptoms and CK on one
    time axis ending at the as-of date; a patient's chart only adds its rows."""
    chart = (
        alt.vconcat(
            _medications_panel(start, end),
            _exercise_panel(start, end),
            _symptoms_panel(start, end),
            _ck_panel(start, end),
            spacing=VCONCAT_SPACING,
        )
        # Each panel's colours are its own: drug kinds and CK tiers must not share one scale.
        .resolve_scale(x="shared", color="independent")
        # No per-mark ARIA labels: they are a quarter of the SVG, and the card states the
        # evidence in text beside the chart.
        .configure(aria=False)
        .configure_view(stroke="#e3e3e3")
        .configure_axis(labelFontSize=10, gridColor="#eeeeee")
        .configure_axisY(minExtent=LABEL_WIDTH)
    )
    spec = chart.to_dict(validate=False)
    spec["datasets"] = {name: [] for name in (*PANELS, "captions", "review")}
    return vl_convert.vegalite_to_vega(spec)


def _records(frame: pd.DataFrame, time_columns: tuple[str, ...]) -> list[dict]:
    shown = frame.assign(
        **{column: pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
           for column in time_columns}
    )  # fmt: skip
    return json.loads(shown.to_json(orient="records"))


def _datasets(timeline: Timeline) -> dict[str, list[dict]]:
    data = {panel: _records(timeline.frame(panel), TIME_COLUMNS[panel]) for panel in PANELS}
    data["captions"] = [
        {"panel": panel, "text": CAPTIONS[panel] + ("" if data[panel] else EMPTY_NOTE)}
        for panel in PANELS
    ]
    reviewed = timeline.reviewed_on
    data["review"] = [{"day": f"{reviewed.isoformat()}T12:00:00Z"}] if reviewed else []
    return data


def _checked(svg: str) -> str:
    lowered = svg.lstrip().lower()
    # Vega escapes every text it draws; this refuses an SVG that could still run anything.
    if not lowered.startswith("<svg") or any(marker in lowered for marker in UNSAFE_SVG):
        raise ValueError("refusing to inline an SVG with active content")
    return svg.strip()


def _timeline_spec(template: dict, timeline: Timeline) -> dict:
    """One patient's timeline: the template's datasets replaced by the patient's rows."""
    rows = _datasets(timeline)
    data = [
        {**entry, "values": rows[entry["name"]]} if entry.get("name") in rows else entry
        for entry in template["data"]
    ]
    return {**template, "data": data}


def timeline_svgs(template: dict, timelines: list[Timeline]) -> list[str]:
    """The patients' timelines as SVG, in order."""
    specs = [_timeline_spec(template, timeline) for timeline in timelines]
    return [_checked(svg) for svg in draw_all(specs)]


def funnel_svg(attrition: pd.DataFrame) -> str:
    """The attrition funnel: patients left after each inclusion rule, in rule order."""
    frame = attrition.assign(label=attrition["step"].str.replace("_", " "))
    base = alt.Chart(frame, width=420, height=alt.Step(22)).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("patients:Q", title="patients", axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar(color="#2f6db5")
    counts = base.mark_text(align="left", dx=4, fontSize=11).encode(text="patients:Q")
    chart = alt.layer(bars, counts).configure(aria=False).configure_view(stroke=None)
    spec = chart.to_dict(validate=False)
    return _checked(vl_convert.vegalite_to_svg(spec, allowed_base_urls=NO_NETWORK))
