"""What a reader sees in the built HTML agrees with data/statistics.csv, and nothing loads from a CDN."""
import re
from urllib.parse import urlparse

import pytest

from conftest import chart_rows, chart_specs
from evidence import paths
from evidence.checks import chart_disagreements, statistic_disagreements
from evidence.load import load_statistics
from evidence.stats_table import CHART_ID

STATS = load_statistics()
CDN = re.compile(r"(?:https?:)?//[\w.-]*(?:jsdelivr|unpkg|cdnjs|googleapis|cloudflare|cdn\.|requirejs|plot\.ly)",
                 re.IGNORECASE)
STAT_ROLE = re.compile(r"\{stat\}`[^`]+`")


def stat_links(pages):
    for name, soup in pages.items():
        for link in soup.select("a.stat"):
            yield name, link


def test_the_book_shows_every_statistic_and_chart_its_sources_ask_for(pages):
    sources = [p.read_text(encoding="utf-8") for p in sorted(paths.CHAPTERS.glob("*.md")) + [paths.ROOT / "index.md"]]
    assert sum(1 for _ in stat_links(pages)) == sum(len(STAT_ROLE.findall(text)) for text in sources)
    assert sum(len(chart_specs(soup)) for soup in pages.values()) == sum(len(CHART_ID.findall(t)) for t in sources)


def test_every_rendered_statistic_shows_the_csv_value_and_links_to_its_row(pages):
    appendix_ids = {tag["id"] for tag in pages["chapters/data.html"].select("[id^=stat-]")}
    shown = []
    for name, link in stat_links(pages):
        target = urlparse(link["href"])
        stat_id = target.fragment.removeprefix("stat-")
        assert target.path.endswith("data.html"), f"{name}: {link['href']} does not lead to the data appendix"
        assert f"stat-{stat_id}" in appendix_ids, f"{name}: {stat_id} has no row in the data appendix"
        shown.append((name, stat_id, link.get_text()))
        if stat_id in STATS.index:
            assert STATS.loc[stat_id, "measure"] in link["title"], f"{name}: {stat_id} tooltip lacks its measure"
    assert not statistic_disagreements(shown, STATS)


def test_the_appendix_has_every_statistic_with_its_quote(pages):
    appendix = pages["chapters/data.html"]
    for stat_id, row in STATS.iterrows():
        cell = appendix.select_one(f"tr#stat-{stat_id}")
        assert cell is not None, f"no appendix row for {stat_id}"
        assert row["formatted"] in cell.get_text() and " ".join(row["quote"].split()) in " ".join(cell.get_text().split())


def test_every_chart_shows_exactly_the_csv_rows_it_names(pages):
    problems = [p for soup in pages.values() for chart_id, spec in chart_specs(soup)
                for p in chart_disagreements(chart_id, spec, STATS)]
    assert not problems, "\n".join(problems)
    for soup in pages.values():
        for chart_id, spec in chart_specs(soup):
            assert all(r["href"].endswith(f"#stat-{r['stat_id']}") for r in chart_rows(spec) if "stat_id" in r), chart_id


def test_every_chart_has_title_takeaway_description_source_and_figures(pages, site):
    for name, soup in pages.items():
        for figure in soup.select("figure.evidence-chart"):
            chart_id = figure["data-chart-id"]
            assert figure.select_one(".evidence-chart-title").get_text(strip=True), chart_id
            assert figure.select_one(".evidence-chart-takeaway").get_text(strip=True), chart_id
            assert len(figure.select_one(".evidence-chart-view")["aria-label"]) > 40, chart_id
            assert figure.select_one(".evidence-chart-source a[href^='data.html']"), chart_id
            for extension in ("svg", "png"):
                assert (site / "figures" / f"{chart_id}.{extension}").stat().st_size > 1000, (chart_id, extension)


def test_chart_ids_are_unique(pages):
    ids = [chart_id for soup in pages.values() for chart_id, _ in chart_specs(soup)]
    assert len(ids) == len(set(ids))


def test_no_page_or_asset_refers_to_a_cdn(site):
    for path in site.rglob("*"):
        if path.suffix in {".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not CDN.search(text), f"{path.relative_to(site)} refers to a CDN: {CDN.search(text).group(0)}"


def test_no_page_loads_a_script_or_stylesheet_from_outside(pages):
    for name, soup in pages.items():
        for tag in soup.select("script[src], link[rel=stylesheet]"):
            address = urlparse(tag.get("src") or tag.get("href"))
            assert not address.scheme and not address.netloc, f"{name} loads {address.geturl()}"


def test_every_page_has_one_title(pages):
    for name, soup in pages.items():
        if name in {"genindex.html", "search.html"}:
            continue
        assert len(soup.select("article.bd-article h1")) == 1, name


@pytest.mark.parametrize("sector", ["health", "social-care", "public-safety"])
def test_each_sector_chapter_shows_at_least_nine_in_ten_of_its_rows(pages, sector):
    soup = pages[f"chapters/{sector}.html"]
    shown = {a["href"].split("#stat-")[1] for a in soup.select("a.stat")}
    shown |= {row["stat_id"] for _, spec in chart_specs(soup) for row in chart_rows(spec) if "stat_id" in row}
    rows = set(STATS.index[STATS["sector"] == sector])
    assert len(rows & shown) >= 0.9 * len(rows), f"{sector}: not shown: {sorted(rows - shown)}"


@pytest.mark.parametrize("sector", ["health", "social-care", "public-safety"])
def test_each_sector_chapter_has_four_charts_and_its_co_pathway_table(pages, sector):
    soup = pages[f"chapters/{sector}.html"]
    assert len(chart_specs(soup)) >= 4
    table = soup.select_one("table.co-pathway-table")
    assert table is not None
    counts = [int(a.get_text()) for a in table.select("td a")]
    assert sum(counts) == int((STATS["sector"] == sector).sum())


def test_headings_do_not_skip_levels(pages):
    for name, soup in pages.items():
        article = soup.select_one("article.bd-article")
        if article is None:
            continue
        levels = [int(h.name[1]) for h in article.select("h1, h2, h3, h4, h5, h6")]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"{name}: heading levels {levels}"


def layers(spec):
    yield spec
    for layer in spec.get("layer", []):
        yield from layers(layer)


# Bar charts whose colour alone tells the group (charts.bar_chart): passed on to the owner of charts.py. Remove an id
# once its chart tells the group another way too (shape, label or text); a new chart may not join the list.
COLOUR_ONLY_KNOWN = {"health-self-care-want-vs-offer", "health-ebcd-user-survey",
                     "public-safety-eu-survey-prevention-steps", "public-safety-speed-watch-injuries",
                     "public-safety-yri-cost-per-case", "social-care-cost-versus-payoff"}


def colour_only(spec):
    """The fields a chart colours by that no shape, and no text or axis label of the same row, also tells."""
    encodings = [layer.get("encoding", {}) for layer in layers(spec)]
    coloured = {e["color"]["field"] for e in encodings if "field" in e.get("color", {})}
    shaped = {e["shape"]["field"] for e in encodings if "field" in e.get("shape", {})}
    written = {e[channel]["field"] for e in encodings for channel in ("text", "x", "y") if "field" in e.get(channel, {})}
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    return {field for field in coloured - shaped for row in rows
            if row.get(field) not in (None, 0)  # 0: an empty gap-map cell, drawn as text only
            and not any(str(row[field]).lower() in str(row.get(w, "")).lower() for w in written)}


def test_colour_is_never_the_only_carrier_of_meaning(pages):
    offenders = {chart_id for soup in pages.values() for chart_id, spec in chart_specs(soup) if colour_only(spec)}
    assert offenders == COLOUR_ONLY_KNOWN, (f"colour alone carries meaning in {sorted(offenders - COLOUR_ONLY_KNOWN)}; "
                                            f"fixed, take off the list: {sorted(COLOUR_ONLY_KNOWN - offenders)}")
