"""The report's templates (templates/): every value they print is escaped."""

import jinja2

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("statinwatch.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
TEMPLATES.filters["px"] = lambda value: f"{value:.1f}"
