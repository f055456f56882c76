"""Every page in a real browser (Debian's Chromium via Playwright), served locally, with the network cut off."""
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from evidence.load import load_statistics
from evidence.localserver import launch_chromium, serve


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page whose requests to anywhere but this machine are blocked and recorded."""
    context = browser.new_context()
    page = context.new_page()
    page.outside, page.errors = [], []

    def route(request_route):
        if urlparse(request_route.request.url).hostname in {"127.0.0.1", "localhost"}:
            request_route.continue_()
        else:
            page.outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_every_page_draws_its_charts_without_errors_or_outside_requests(page, server, pages):
    for name in pages:
        page.goto(f"{server}/{name}", wait_until="load")
        charts = page.locator(".evidence-chart-view")
        if charts.count():
            page.wait_for_function("[...document.querySelectorAll('.evidence-chart-view')]"
                                   ".every(v => v.dataset.drawn === 'true' && v.querySelector('svg'))", timeout=10000)
        assert not page.errors, f"{name}: console errors {page.errors}"
        assert not page.outside, f"{name}: requests outside this machine {page.outside}"


def test_appendix_filters_rows_in_the_browser(page, server):
    page.goto(f"{server}/chapters/data.html", wait_until="load")
    rows = page.locator("tr.stat-row")
    total = rows.count()
    page.select_option("select[data-filter=sector]", "health")
    visible = page.locator("tr.stat-row:not([hidden])")
    assert 0 < visible.count() < total
    assert all("sector-health" in c for c in visible.evaluate_all("rows => rows.map(r => r.className)"))
    page.fill("input[data-filter=text]", "zzzz-no-such-text")
    assert page.locator("tr.stat-row:not([hidden])").count() == 0


def test_a_gap_map_link_opens_the_appendix_filtered_to_its_rows(page, server):
    """The query string of a gap-map cell's link pre-sets the appendix filters (evidence-appendix.js)."""
    stats = load_statistics()
    expected = set(stats.index[(stats["sector"] == "health") & (stats["co"] == "co-design")])
    page.goto(f"{server}/chapters/data.html?sector=health&co=co-design#all-statistics", wait_until="load")
    visible = page.locator("tr.stat-row:not([hidden])").evaluate_all("rows => rows.map(r => r.id)")
    assert {row.removeprefix("stat-") for row in visible} == expected
    assert page.locator("select[data-filter=co]").input_value() == "co-design"


def test_a_number_in_prose_lands_on_its_row(page, server, pages):
    name = next(n for n, soup in pages.items() if soup.select("a.stat") and n != "chapters/data.html")
    page.goto(f"{server}/{name}", wait_until="load")
    link = page.locator("a.stat").first
    stat_id = link.get_attribute("href").split("#stat-")[1]
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"data.html#stat-{stat_id}")
    assert page.locator(f"tr#stat-{stat_id}").is_visible()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def test_every_page_has_no_serious_accessibility_violations(page, server, pages):
    """axe-core (npm, installed by the setup command) in Debian's Chromium: no serious or critical violation."""
    found = {}
    for name in pages:
        page.goto(f"{server}/{name}", wait_until="load")
        if page.locator(".evidence-chart-view").count():
            page.wait_for_function("[...document.querySelectorAll('.evidence-chart-view')].every(v => v.dataset.drawn)")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations"
                                   ".filter(v => ['serious', 'critical'].includes(v.impact))"
                                   ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3)}`)")
        if violations:
            found[name] = violations
    assert not found, found
