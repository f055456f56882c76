"""The synthesis and reader-service pages: evidence maps, appendix, citing, changelog, permanent ids, verification."""
import json
import re
from pathlib import Path

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
    package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    resources = {Path(resource["path"]).name for resource in package["resources"]}
    assert resources | {"datapackage.json"} <= downloads, f"not offered: {sorted(resources - downloads)}"
    figure_links = {a["href"] for a in appendix.select("a[href^='../figures/']")}
    for soup in pages.values():
        for chart_id, _ in chart_specs(soup):
            assert {f"../figures/{chart_id}.svg", f"../figures/{chart_id}.png"} <= figure_links, chart_id
    assert len(appendix.select("table tr.stat-row")) == len(STATS) and appendix.select("select[data-filter]")


def test_the_site_publishes_only_the_chart_files_its_pages_link(pages, site):
    """A chart renamed or dropped leaves its old exports in figures/: the site must not publish them."""
    linked = {a["href"].rsplit("/", 1)[-1] for soup in pages.values() for a in soup.select("a[href*='figures/']")}
    published = {path.name for path in (site / "figures").iterdir()}
    assert published == linked, (f"published, linked from no page: {sorted(published - linked)}; "
                                 f"linked, not published: {sorted(linked - published)}")


def test_bibliography_page_lists_every_entry(pages):
    words = lambda text: " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    page = words(pages["chapters/bibliography.html"].select_one("article").get_text())
    for key, entry in load_bibliography().entries.items():
        title = words(entry.fields.get("title", ""))
        assert " ".join(title.split()[:6]) in page, key


def test_evidence_maps_count_every_cited_work_once_per_cell_and_link_to_the_appendix(pages):
    specs = dict(chart_specs(pages["chapters/synthesis.html"]))
    cited = {k for s in STATS["source"] for k in s.split(";")}
    for chart_id in ("cross-evidence-map-co", "cross-evidence-map-pathway"):
        cells = [c for c in chart_rows(specs[chart_id]) if c["category"] == "all"]
        assert {k for c in cells for k in c["study_keys"]} == cited, chart_id
        assert all(c["n"] == len(set(c["study_keys"])) for c in cells), chart_id
        assert sum(len(c["stat_ids"]) for c in cells) == len(STATS), chart_id
        assert all(c["href"].startswith("data.html?sector=") for c in chart_rows(specs[chart_id])), chart_id


def test_a_new_row_appears_in_the_appendix_evidence_map_changelog_and_report(edited_book):
    """Read from the shared rebuild of an edited copy (conftest.edited_book), which added this row."""
    new = edited_book.new_row
    read = edited_book.pages.__getitem__
    assert read("chapters/data.html").select_one(f"tr#stat-{new}") is not None
    cells = chart_rows(dict(chart_specs(read("chapters/synthesis.html")))["cross-evidence-map-co"])
    cell = next(c for c in cells if c["sector"] == "public-safety" and c["co"] == "co-design" and c["category"] == "all")
    before = STATS[(STATS["sector"] == "public-safety") & (STATS["co"] == "co-design")]
    assert new in cell["stat_ids"] and len(cell["stat_ids"]) == len(before) + 1
    assert cell["n"] == len(set(before["source"]) | {"loeffler2008if"})
    changelog = read("chapters/changelog.html").select_one("section#unreleased-changes").get_text()
    assert new in changelog
    assert report_rows(read("chapters/verification.html"))[VALIDATED] == (str(len(STATS) + 1), "passed")
