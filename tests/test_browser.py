"""Every page in a real browser (Debian's Chromium via Playwright), served locally, with the network cut off."""
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import sync_playwright

from conftest import chart_specs
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


# The appendix's study-kind, evidence_of and study filters, the evidence maps' links, and sorting (issue 12).

STATS = load_statistics()


def visible(page):
    return {r.removeprefix("stat-") for r in page.locator("tr.stat-row:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.id)")}


def test_a_map_mark_opens_the_appendix_filtered_by_kind_to_its_rows(page, server, pages):
    specs = dict(chart_specs(pages["chapters/synthesis.html"]))
    marks = [m for d in specs["cross-evidence-map-co"]["datasets"].values() for m in d]
    # a mark of a group of several kinds, where the filter value names them all
    mark = next((m for m in marks if " " in parse_qs(urlparse(m["href"]).query).get("kind", [""])[0]), None) or \
        next(m for m in marks if m["category"] != "all")
    page.goto(f"{server}/chapters/{mark['href']}", wait_until="load")
    assert visible(page) == set(mark["stat_ids"])
    assert page.locator("select[data-filter=kind]").input_value() == parse_qs(urlparse(mark["href"]).query)["kind"][0]


def test_the_evidence_of_and_study_filters_keep_matching_rows(page, server):
    page.goto(f"{server}/chapters/data.html", wait_until="load")
    value = page.locator("select[data-filter=evidence_of] option:not([value=''])").first.get_attribute("value")
    page.select_option("select[data-filter=evidence_of]", value)
    expected = set(STATS.index[(STATS["evidence_of"].replace("", "not-coded")) == value])
    assert visible(page) == expected
    page.select_option("select[data-filter=evidence_of]", "")
    study = page.locator("select[data-filter=study] option:not([value=''])").nth(1).get_attribute("value")
    page.select_option("select[data-filter=study]", study)
    assert visible(page) == set(STATS.index[STATS["source"] == study])
    assert "statistics shown" in page.locator(".evidence-filter-count").inner_text()


def test_columns_sort_both_ways_and_keep_every_anchor(page, server):
    page.goto(f"{server}/chapters/data.html", wait_until="load")
    order = lambda: page.locator("tr.stat-row").evaluate_all("rows => rows.map(r => Number(r.dataset.value))")
    page.locator("th button.evidence-sort", has_text="Value").click()
    ascending = order()
    assert ascending == sorted(ascending)
    assert page.locator("th[aria-sort=ascending]").count() == 1
    page.locator("th button.evidence-sort", has_text="Value").click()
    assert order() == sorted(ascending, reverse=True)
    page.locator("th button.evidence-sort", has_text="Primary study").click()
    names = page.locator("tr.stat-row").evaluate_all("rows => rows.map(r => r.dataset.studyName)")
    assert len(set(names)) > 1 and page.evaluate(
        "names => names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0)", names)
    ids = set(page.locator("tr.stat-row").evaluate_all("rows => rows.map(r => r.id)"))
    assert ids == {f"stat-{i}" for i in STATS.index}
    stat_id = STATS.index[len(STATS) // 2]
    page.goto(f"{server}/chapters/data.html#stat-{stat_id}", wait_until="load")
    assert page.locator(f"tr#stat-{stat_id}").is_visible()
