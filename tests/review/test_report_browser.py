"""report.html in a real browser: headless Chromium from the Debian package (`make system-deps`)
opens it from disk, with the network cut off, and every card and timeline chart renders."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Route, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.home import run_day
from tests.support.vignettes import Vignette, land_vignettes, reports

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HOSTILE = "<script>alert(1)</script>"
ON_STATIN = ({"drug": "atorvastatin 80 mg", "dose_mg": 80, "start_date": "2026-04-01",
              "status": "active"},)  # fmt: skip
VIGNETTES = [
    Vignette("P-URGENT", "myalgia with CK 30x", "CONTRACT §5", "urgent", medications=ON_STATIN,
             symptoms=reports("2026-05-25", "2026-06-08", 3),
             labs=({"collected_at": "2026-06-05T09:00:00", "test": "CK", "value": 5800},)),
    # An unaccustomed hour of exercise is strenuous, so its activity is written on the chart.
    Vignette("P-EXERCISE", "myalgia days after unusual exercise", "CONTRACT §5", "medium",
             medications=ON_STATIN, symptoms=reports("2026-06-01", "2026-06-09", 4),
             exercise=({"start_time": "2026-05-20T07:00:00", "duration_min": 60,
                        "activity": f"hiit {HOSTILE}", "intensity": "vigorous"},)),
    Vignette("P-QUIET", "statin, nothing else", "CONTRACT §5", None, medications=ON_STATIN),
]  # fmt: skip


def refuse_network(problems: list[str]) -> Callable[[Route], None]:
    """Self-contained means the file alone: any other request is recorded and refused."""

    def handle(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
            return
        problems.append(f"request: {route.request.url}")
        route.abort()

    return handle


@pytest.fixture
def report(home: Path) -> Path:
    land_vignettes(home / "landing", VIGNETTES)
    assert run_day(home, "2026-06-10").success
    return home / "reports" / "2026-06-10"


@pytest.mark.slow
def test_cards_and_timelines_render_in_chromium_without_errors_or_network(report):
    assert CHROMIUM.exists(), (
        "Chromium is missing: run `make system-deps` (Debian package chromium)"
    )
    flagged = json.loads((report / "run_summary.json").read_text())["flagged"]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
        page.route("**/*", refuse_network(problems))
        page.goto((report / "report.html").as_uri())
        cards = page.locator("article.card")
        charts = page.locator("article.card figure.timeline svg")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        card_count, chart_count = cards.count(), charts.count()
        chart_box = charts.first.bounding_box()
        hostile_on_chart = page.locator("svg text", has_text=HOSTILE).count()
        scripts = page.locator("script").count()
        order = [cards.nth(i).get_attribute("data-patient") for i in range(card_count)]
        browser.close()
    assert problems == []
    assert (flagged, card_count, chart_count) == (2, 2, 2)
    assert order == ["P-URGENT", "P-EXERCISE"]  # most urgent first
    assert chart_box and chart_box["width"] > 600 and chart_box["height"] > 250
    # The hostile activity is drawn as text on the chart, and no script exists in the page.
    assert hostile_on_chart == 1 and scripts == 0
