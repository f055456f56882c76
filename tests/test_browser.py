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


def open_page(browser, **context_options):
    """A page whose requests to anywhere but this machine are blocked and recorded, with its console errors and
    the addresses it fetched."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.outside, page.errors, page.fetched = [], [], []
    page.on("request", lambda request: page.fetched.append(request.url))

    def route(request_route):
        if urlparse(request_route.request.url).hostname in {"127.0.0.1", "localhost"}:
            request_route.continue_()
        else:
            page.outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


def draw_charts(page):
    """Scroll to each chart in turn (vega is fetched, and a chart drawn, when it comes near the screen); wait until
    all have drawn."""
    charts = page.locator("figure.evidence-chart")
    if charts.count():
        for index in range(charts.count()):
            charts.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('.evidence-chart-view')]"
                               ".every(v => v.dataset.drawn === 'true' && v.querySelector('svg'))", timeout=15000)
    return charts.count()


def test_every_page_draws_its_charts_without_errors_or_outside_requests(page, server, pages):
    for name in pages:
        page.goto(f"{server}/{name}", wait_until="load")
        draw_charts(page)
        assert not page.errors, f"{name}: console errors {page.errors}"
        assert not page.outside, f"{name}: requests outside this machine {page.outside}"


def test_appendix_filters_rows_in_the_browser(page, server):
    page.goto(f"{server}/chapters/data.html", wait_until="load")
    rows = page.locator("tr.stat-row")
    total = rows.count()
    page.select_option("select[data-filter=sector]", "health")
    visible = page.locator("tr.stat-row:not([hidden])")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.sector)")) == {"health"}
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
        draw_charts(page)
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
    """The sort bar beside the filters orders the cards by a column, both ways, and back to the book's order."""
    page.goto(f"{server}/chapters/data.html", wait_until="load")
    book_order = [f"stat-{i}" for i in STATS.index]
    ids = lambda: page.locator("tr.stat-row").evaluate_all("rows => rows.map(r => r.id)")
    values = lambda: page.locator("tr.stat-row").evaluate_all("rows => rows.map(r => Number(r.dataset.value))")
    page.select_option("select[data-sort=key]", "value")
    ascending = values()
    assert ascending == sorted(ascending) and ascending != [STATS.loc[i, "value"] for i in STATS.index]
    page.select_option("select[data-sort=order]", "descending")
    assert values() == sorted(ascending, reverse=True)
    page.select_option("select[data-sort=key]", "study")
    page.select_option("select[data-sort=order]", "ascending")
    # textContent, as the sort reads it: the browser does not lay out cards far from the screen, so they have no innerText
    names = page.locator("tr.stat-row > td:nth-child(5) > p:first-child").evaluate_all("ps => ps.map(p => p.textContent.trim())")
    assert len(set(names)) > 1 and page.evaluate(
        "names => names.every((n, i) => i === 0 || names[i - 1].toLowerCase().localeCompare(n.toLowerCase()) <= 0)", names)
    page.select_option("select[data-sort=key]", "")
    assert ids() == book_order
    stat_id = STATS.index[len(STATS) // 2]
    page.goto(f"{server}/chapters/data.html#stat-{stat_id}", wait_until="load")
    assert page.locator(f"tr#stat-{stat_id}").is_visible()


def test_pages_load_no_icon_script_or_font_and_vega_only_where_a_chart_is(page, server, pages):
    """Issue 14: the theme's 1.45 MB fontawesome.js and its icon font are gone (the icons are CSS masks), and
    vega is neither linked from a page without a chart nor fetched before a chart comes near the screen."""
    for name, soup in pages.items():
        scripts = [tag["src"] for tag in soup.select("script[src]")]
        assert not [s for s in scripts if "fontawesome" in s or "vega" in s], f"{name}: {scripts}"
        page.fetched.clear()
        page.goto(f"{server}/{name}", wait_until="load")
        heavy = [url for url in page.fetched if "fontawesome" in url or "/webfonts/" in url]
        assert not heavy, f"{name}: fetched {heavy}"
        charts = draw_charts(page)
        assert any("vega-bundle.js" in url for url in page.fetched) == bool(charts), name
        hidden_icons = page.evaluate("""() => [...document.querySelectorAll('.fa-solid, .fas')]
            .filter(i => i.offsetParent && getComputedStyle(i, '::before').maskImage === 'none')
            .map(i => i.className)""")
        assert not hidden_icons, f"{name}: icons drawn by nothing: {hidden_icons}"


SIZES = [(390, 844), (1366, 900)]
CHART_PARTS = ".evidence-chart-view svg :is(text, path.mark-symbol, path.mark-rect, path.mark-rule, line)"


@pytest.mark.parametrize("width,height", SIZES, ids=lambda v: str(v))
def test_every_chart_fits_its_figure_and_the_screen(browser, server, pages, width, height):
    """Issue 14: each chart's box, and every label, mark and legend entry in it, lies inside its figure and the
    viewport, on a phone and on a laptop."""
    page = open_page(browser, viewport={"width": width, "height": height})
    clipped = {}
    for name, soup in pages.items():
        if not soup.select("figure.evidence-chart"):
            continue
        page.goto(f"{server}/{name}", wait_until="load")
        draw_charts(page)
        found = page.evaluate("""(parts) => [...document.querySelectorAll('figure.evidence-chart')].flatMap(figure => {
            figure.scrollIntoView();
            const box = figure.getBoundingClientRect(), right = Math.min(box.right, window.innerWidth);
            const svg = figure.querySelector('.evidence-chart-view svg').getBoundingClientRect();
            const out = [];
            if (svg.left < box.left - 1 || svg.right > right + 1) out.push(`${figure.id}: chart ${svg.left}-${svg.right}`);
            for (const part of figure.querySelectorAll(parts)) {
              const r = part.getBoundingClientRect();
              if (r.width && (r.left < box.left - 1 || r.right > right + 1))
                out.push(`${figure.id}: '${part.textContent || part.tagName}' at ${Math.round(r.left)}-${Math.round(r.right)}, figure ${Math.round(box.left)}-${Math.round(right)}`);
            }
            return out; })""", CHART_PARTS)
        if found:
            clipped[name] = found[:5]
        scroll = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll[0] <= scroll[1], f"{name} at {width}px scrolls sideways: {scroll}"
    assert not page.errors, page.errors
    page.context.close()
    assert not clipped, clipped


def sample_stat_links(pages, per_chapter=4):
    """First, last and evenly spaced links to the appendix from each sector chapter: (chapter, href)."""
    sample = []
    for chapter in ("chapters/health.html", "chapters/social-care.html", "chapters/public-safety.html"):
        links = [a["href"] for a in pages[chapter].select("a.stat")]
        assert links, f"{chapter} has no statistic links"
        step = max(1, (len(links) - 1) // (per_chapter - 1))
        sample += [(chapter, href) for href in dict.fromkeys(links[::step] + [links[-1]])]
    return sample


@pytest.mark.parametrize("width,height", SIZES, ids=lambda v: str(v))
def test_a_link_to_the_appendix_lands_on_a_whole_row(browser, server, pages, width, height):
    """Issue 14: following a number from each sector chapter, the row's id, value as written, measure, quote and
    primary study are all on the screen, below the sticky header, with no sideways scroll."""
    page = open_page(browser, viewport={"width": width, "height": height})
    problems = []
    for chapter, href in sample_stat_links(pages):
        stat_id = href.split("#stat-")[1]
        page.goto(f"{server}/{chapter}", wait_until="load")
        page.locator(f'a.stat[href="{href}"]').first.click()
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)
        assert page.url.endswith(f"#stat-{stat_id}"), page.url
        found = page.evaluate("""(id) => {
            const row = document.getElementById('stat-' + id), out = [];
            const cells = row.querySelectorAll(':scope > td');
            const parts = {id: cells[0].querySelector('.stat-id'), measure: cells[0].querySelectorAll('p')[1],
                           'as written': row.querySelector('.stat-as-written'), quote: cells[3],
                           study: cells[4].querySelector('p')};
            const header = document.querySelector('header.bd-header, .bd-header-article');
            const top = Math.max(0, ...[...document.querySelectorAll('header.bd-header')].map(h => h.getBoundingClientRect().bottom));
            for (const [name, el] of Object.entries(parts)) {
              if (!el) { out.push(`${name}: missing`); continue; }
              const r = el.getBoundingClientRect();
              if (r.left < 0 || r.right > window.innerWidth || r.top < top - 1 || r.bottom > window.innerHeight)
                out.push(`${name} at (${Math.round(r.left)}, ${Math.round(r.top)})-(${Math.round(r.right)}, ${Math.round(r.bottom)})`);
            }
            const d = document.documentElement;
            if (d.scrollWidth > d.clientWidth) out.push(`page scrolls sideways: ${d.scrollWidth} > ${d.clientWidth}`);
            const r = row.getBoundingClientRect();
            if (r.right > window.innerWidth) out.push(`row ends at ${r.right}`);
            return out; }""", stat_id)
        if found:
            problems.append(f"{chapter} -> {stat_id}: {found}")
    assert not page.errors, page.errors
    page.context.close()
    assert not problems, "\n".join(problems)
