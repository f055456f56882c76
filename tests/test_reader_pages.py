"""The synthesis and reader-service pages: gap map, appendix, citing, changelog, permanent ids, verification."""
import re

import pytest
import yaml

from conftest import chart_rows, chart_specs, source_required
from evidence import paths
from evidence.changelog import differences, published_ids, releases
from evidence.load import load_bibliography, load_statistics
from evidence.report import source_chapter
from evidence.stats_table import CHART_ID

STATS = load_statistics()
VERSION = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]["version"]
VALIDATED = "Statistics validated against data/datapackage.json and the cross-column rules"
QUOTES_IN_SOURCE = "Quotes found verbatim in the source chapter"


def test_no_published_id_disappears():
    register = published_ids()
    active = {i for i, row in register.items() if not row["retired_in"]}
    assert not active - set(STATS.index), f"published ids missing from statistics.csv: {sorted(active - set(STATS.index))}"
    retired_but_present = {i for i, row in register.items() if row["retired_in"]} & set(STATS.index)
    assert not retired_but_present


def test_every_current_and_released_id_is_registered():
    register = set(published_ids())
    assert not set(STATS.index) - register, "add new ids to data/published-ids.csv: " + ", ".join(sorted(set(STATS.index) - register))
    for version, table in releases():
        assert not set(table) - register, f"ids of release {version} missing from the register"


def test_changelog_differences():
    old = {"a": {"id": "a", "value": "1"}, "b": {"id": "b", "value": "2"}}
    new = {"a": {"id": "a", "value": "1"}, "b": {"id": "b", "value": "3"}, "c": {"id": "c", "value": "4"}}
    assert differences(old, new) == (["c"], [("b", ["value"])], [])
    assert differences(new, old) == ([], [("b", ["value"])], ["c"])


def report_rows(soup):
    """{check: (count, result)} of the verification report."""
    report = soup.select_one("table.verification-report")
    return {tr.select("td")[0].get_text(strip=True): tuple(td.get_text(strip=True) for td in tr.select("td")[1:])
            for tr in report.select("tbody tr")}


def test_verification_report_passes_and_counts_the_data(pages):
    rows = report_rows(pages["chapters/verification.html"])
    assert all(result == "passed" for _, result in rows.values()), rows
    assert rows[VALIDATED][0] == str(len(STATS))
    shown = sum(len(soup.select("a.stat")) for soup in pages.values())
    charts = sum(len(chart_specs(soup)) for soup in pages.values())
    assert rows["Numbers rendered in prose from the CSV"][0] == str(shown)
    assert rows["Charts whose data equal the CSV rows they name"][0] == str(charts)
    if source_chapter() or source_required():
        assert rows[QUOTES_IN_SOURCE] == (str(len(STATS)), "passed")


def test_every_chapter_says_how_to_cite_it_with_the_version(pages):
    for name in ("health", "social-care", "public-safety", "synthesis", "introduction"):
        line = pages[f"chapters/{name}.html"].select_one("#cite-this-page")
        assert line is not None and f"Version {VERSION}" in line.get_text(), name
    cite = pages["chapters/how-to-cite.html"].get_text()
    assert "@book{" in cite.replace(" ", "").replace("\n", "") and "Statistic " in cite and VERSION in cite


def test_appendix_offers_the_downloads_and_every_chart_figure(pages, site):
    appendix = pages["chapters/data.html"]
    downloads = {a["href"].rsplit("/", 1)[-1] for a in appendix.select("a.download")}
    assert {"statistics.csv", "datapackage.json", "references.bib"} <= downloads
    figure_links = {a["href"] for a in appendix.select("a[href^='../figures/']")}
    for soup in pages.values():
        for chart_id, _ in chart_specs(soup):
            assert {f"../figures/{chart_id}.svg", f"../figures/{chart_id}.png"} <= figure_links, chart_id
    assert len(appendix.select("table tr.stat-row")) == len(STATS) and appendix.select("select[data-filter]")


def test_bibliography_page_lists_every_entry(pages):
    words = lambda text: " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    page = words(pages["chapters/bibliography.html"].select_one("article").get_text())
    for key, entry in load_bibliography().entries.items():
        title = words(entry.fields.get("title", ""))
        assert " ".join(title.split()[:6]) in page, key


def test_gap_map_cells_link_to_their_rows(pages):
    specs = dict(chart_specs(pages["chapters/synthesis.html"]))
    for chart_id in ("cross-gap-map-co", "cross-gap-map-pathway"):
        cells = chart_rows(specs[chart_id])
        assert sum(c["n_statistics"] for c in cells) == len(STATS)
        assert all(c["href"].startswith("data.html?sector=") for c in cells)


def test_gap_map_shows_the_reviews_conclusion(pages):
    cells = chart_rows(dict(chart_specs(pages["chapters/synthesis.html"]))["cross-gap-map-co"])
    count = {(c["sector"], c["co"]): c["n_statistics"] for c in cells}
    total = {co: sum(n for (s, c), n in count.items() if c == co) for co in ("co-commissioning", "co-design", "co-delivery", "co-assessment")}
    assert max(total, key=total.get) == "co-delivery"
    voice = sum(count[("public-safety", co)] for co in ("co-commissioning", "co-design", "co-assessment"))
    assert voice * 3 < count[("public-safety", "co-delivery")]


def test_a_new_row_appears_in_the_appendix_gap_map_changelog_and_report(edited_book):
    """Read from the shared rebuild of an edited copy (conftest.edited_book), which added this row."""
    new = edited_book.new_row
    read = edited_book.pages.__getitem__
    assert read("chapters/data.html").select_one(f"tr#stat-{new}") is not None
    cells = chart_rows(dict(chart_specs(read("chapters/synthesis.html")))["cross-gap-map-co"])
    cell = next(c for c in cells if c["sector"] == "public-safety" and c["co"] == "co-design")
    expected = int(((STATS["sector"] == "public-safety") & (STATS["co"] == "co-design")).sum()) + 1
    assert cell["n_statistics"] == expected and new in cell["stat_ids"]
    changelog = read("chapters/changelog.html").select_one("section#unreleased-changes").get_text()
    assert new in changelog
    assert report_rows(read("chapters/verification.html"))[VALIDATED] == (str(len(STATS) + 1), "passed")


def test_what_the_synthesis_says_of_the_pathways_holds_in_the_data():
    """The cross-sector page says rehabilitation is thin everywhere and absent in health."""
    count = STATS.groupby(["sector", "pathway"]).size()
    for sector in ("health", "social-care", "public-safety"):
        assert count.get((sector, "rehabilitation"), 0) < count.get((sector, "prevention"), 0)
    assert count.get(("health", "rehabilitation"), 0) == 0


def test_what_the_synthesis_says_of_the_cos_holds_in_the_data():
    """Social care has more co-commissioning than co-delivery statistics; health nearly as much co-design."""
    count = STATS.groupby(["sector", "co"]).size()
    assert count[("social-care", "co-commissioning")] > count[("social-care", "co-delivery")]
    assert 0.8 * count[("health", "co-delivery")] <= count[("health", "co-design")] <= count[("health", "co-delivery")]
