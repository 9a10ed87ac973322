"""Render report.html: self-contained, every value HTML-escaped by the template engine."""

from datetime import date

import jinja2
import pandas as pd

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipelines.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def render_report(as_of: date, cohort: pd.DataFrame, attrition: pd.DataFrame, summary: dict) -> str:
    return TEMPLATES.get_template("report.html.j2").render(
        as_of=as_of.isoformat(),
        summary=summary,
        patients=cohort.to_dict(orient="records"),
        attrition=attrition.to_dict(orient="records"),
    )
