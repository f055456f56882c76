"""Citable and published: every citation the book offers comes from CITATION.cff through citation processors and
parses cleanly; every page carries what citation managers read; the bibliography shows no LaTeX, no "and others" and
no lowercased proper noun, in the HTML and the PDF alike; a published build uses its address everywhere."""
import json
import os
import re
import subprocess
import unicodedata
from types import SimpleNamespace

import bibtexparser
import pybtex.errors
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from bs4 import BeautifulSoup
from pybtex.database import parse_string
from pybtex.richtext import Text

from conftest import PUBLISHED  # and the `published` build, a session fixture shared with test_stale_data
from evidence import citing, paths
from evidence.bibstyle import KIND_LABELS
from evidence.load import load_bibliography, load_statistics, load_studies
from evidence.validate import vocabulary

STATS = load_statistics()
CFF = citing.citation_file()
BOOK = CFF["preferred-citation"]
CONFIG = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
REQUIRED = {"book": {"author", "title", "publisher", "year"},
            "incollection": {"author", "title", "booktitle", "publisher", "year"}, "misc": {"author", "title"}}
# A LaTeX command with its argument or a known one without, a braced accent or an accent: not a regex's "\d{4}".
RAW_LATEX = re.compile(r"\\[A-Za-z]{2,}\s*\{|\\(?:emph|textit|textbf|url)\b|\{\\|\\[\"'`^~][A-Za-z{]")
HIGHWIRE = ("citation_title", "citation_author", "citation_publication_date", "citation_publisher")


def config(baseurl="", repository=""):
    """A stand-in for the Sphinx configuration, with the book's two publishing settings."""
    return SimpleNamespace(html_baseurl=baseurl, html_theme_options={"repository_url": repository})


def every_item(conf):
    chapters = [citing.chapter_item(conf, d, citing.source_title(d)) for d in citing.chapters()]
    statistics = [citing.statistic_item(conf, i, m) for i, m in zip(STATS["id"], STATS["measure"])]
    return [citing.book_item(conf)], chapters, statistics


def words(text):
    return " ".join(unicodedata.normalize("NFKC", text).split())


def title_text(latex):
    return Text.from_latex(latex).render_as("text")


# -- the source of truth --------------------------------------------------------------------------------------


def test_citation_file_prefers_the_book_with_the_books_version_title_and_date():
    assert BOOK["type"] == "book" and BOOK["title"] == CFF["title"] == CONFIG["title"]
    assert BOOK["version"] == CFF["version"] == CONFIG["sphinx"]["config"]["version"]
    assert BOOK["date-published"] == CFF["date-released"]
    assert "url" not in CFF and "url" not in BOOK, "the book has no published address yet: none may be made up"


def test_the_title_cannot_be_confused_with_the_reviews():
    review = next(r for r in CFF["references"] if r.get("doi") == "10.1007/978-3-030-55509-2_4")["title"]
    assert not BOOK["title"].lower().startswith(review.lower()) and "Loeffler (2020)" in BOOK["title"]


def test_zenodo_metadata_agrees_with_the_citation_file_and_names_the_review():
    zenodo = json.loads((paths.ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == BOOK["title"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in BOOK["authors"]]
    assert zenodo["license"].lower() == CFF["license"].lower() and zenodo["keywords"] == CFF["keywords"]
    assert zenodo["upload_type"] == "publication" and zenodo["publication_type"] == "book"
    assert " ".join(CFF["abstract"].split()) in " ".join(zenodo["description"].split())
    assert {"identifier": "10.1007/978-3-030-55509-2_4", "relation": "isDerivedFrom", "scheme": "doi",
            "resource_type": "publication-section"} in zenodo["related_identifiers"]
    assert "version" not in zenodo, "Zenodo takes the version from the release tag"


# -- every format, from a citation processor --------------------------------------------------------------------


@pytest.mark.parametrize("baseurl", ["", PUBLISHED["EVIDENCE_BASEURL"]])
def test_every_bibtex_entry_the_book_offers_parses_cleanly(baseurl):
    conf = config(baseurl)
    book, chapters, statistics = every_item(conf)
    text = citing.bibtex(book + chapters + statistics)
    pybtex.errors.set_strict_mode(True)  # a pybtex warning is an error
    try:
        entries = parse_string(text, "bibtex").entries
        parse_string((paths.DATA / "references.bib").read_text(encoding="utf-8"), "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks and len(library.entries) == len(entries) == 1 + len(chapters) + len(statistics)
    decoded = {entry.key: {k: v.value for k, v in entry.fields_dict.items()} for entry in library.entries}
    for entry in library.entries:
        assert REQUIRED[entry.entry_type] <= set(decoded[entry.key]), entry.key
        assert "edition" not in decoded[entry.key], "a version is not an edition ('Version 0.1.0 edition')"
        assert decoded[entry.key]["note"] == f"Version {citing.book_version(BOOK['version'])}"
    assert library.entries[0].entry_type == "book" and decoded["evidencebook"]["title"] == BOOK["title"]
    assert {e.entry_type for e in library.entries[1:1 + len(chapters)]} == {"incollection"}
    assert all(decoded[c["id"]]["booktitle"] == BOOK["title"] for c in chapters)
    for stat_id, measure in zip(STATS["id"], STATS["measure"]):
        assert decoded[stat_id]["title"] == measure, f"{stat_id}: the title does not read back as the measure"
        assert decoded[stat_id].get("url", "") == (f"{baseurl}chapters/data.html#stat-{stat_id}" if baseurl else "")
    assert decoded["evidencebook"].get("url", "") == baseurl


def test_a_measure_with_latex_specials_reads_back_from_its_bibtex():
    measure = "Share (%) of £ & $ spent on #1 {items}_a ~ “b” – c \\ d, in Löffler’s data"
    entry = citing.bibtex([citing.statistic_item(config(), "x-y", measure)])
    assert bibtexparser.parse_string(entry, append_middleware=[LatexDecodingMiddleware()]).entries[0]["title"] == measure


def test_csl_json_loads_and_the_apa_line_has_its_parts():
    for baseurl in ("", PUBLISHED["EVIDENCE_BASEURL"]):
        book, chapters, statistics = every_item(config(baseurl))
        items = json.loads(citing.csl_json(book + chapters[1:2] + statistics[:1]))
        assert [i["type"] for i in items] == ["book", "chapter", "dataset"]
        apa = [citing.formatted(item) for item in items]
        author, year, version = BOOK["authors"][0]["name"], BOOK["date-published"][:4], citing.book_version(BOOK["version"])
        assert apa[0].startswith(f"{author}. ({year}). <i>{BOOK['title']}</i> (Version {version}).")
        assert apa[1].startswith(f"{author}. ({year}). {items[1]['title']}. In <i>{BOOK['title']}</i> (Version {version})")
        assert apa[2].startswith(f"{author}. ({year}). {items[2]['title']} [Statistic {items[2]['id']}]. In <i>")
        if baseurl:
            assert apa[0].endswith(f" {baseurl}") and apa[2].endswith(f"#stat-{items[2]['id']}")
        else:
            assert "http" not in " ".join(apa), "a citation with an address the book does not have"


def test_a_doi_once_set_goes_into_every_format(monkeypatch):
    """The README's second DOI step: the DOI written into CITATION.cff reaches every format (the value is made up)."""
    monkeypatch.setattr(citing, "preferred", lambda: {**BOOK, "doi": "10.5281/zenodo.0000000"})
    book = citing.book_item(config())
    assert citing.formatted(book).endswith("https://doi.org/10.5281/zenodo.0000000")
    assert bibtexparser.parse_string(citing.bibtex([book])).entries[0]["doi"] == "10.5281/zenodo.0000000"
    assert rispy.loads(citing.ris([book]))[0]["doi"] == "10.5281/zenodo.0000000"


def test_ris_reads_back_as_a_book_a_chapter_and_a_dataset():
    book, chapters, statistics = every_item(config())
    references = rispy.loads(citing.ris(book + chapters[:1] + statistics[:1]))
    assert [r["type_of_reference"] for r in references] == ["BOOK", "CHAP", "DATA"]
    assert all(r["title"] and r["year"] == BOOK["date-published"][:4] for r in references)
    assert references[1]["secondary_title"] == BOOK["title"]


# -- the bibliography -------------------------------------------------------------------------------------------


def test_bibliography_titles_keep_their_capitals_under_any_bibtex_style():
    """Sentence-casing styles (BibTeX's plain, APA) lowercase all but braced words: proper nouns must be braced."""
    for key, entry in load_bibliography().entries.items():
        if "title" in entry.fields:
            text = Text.from_latex(entry.fields["title"])
            assert text.capitalize().render_as("text") == text.render_as("text"), key


def test_every_entry_has_a_title_or_says_why_not():
    for key, entry in load_bibliography().entries.items():
        has_title = "title" in entry.fields or "howpublished" in entry.fields
        assert has_title or "source's reference list" in entry.fields.get("note", ""), key
        assert "\\emph" not in str(entry.fields), key


def test_every_study_kind_has_a_label():
    assert set(vocabulary("kind", "studies")) == set(KIND_LABELS)


def bibliography_entries(pages):
    return [words(div.get_text(" ")) for div in pages["chapters/bibliography.html"].select("div.citation")]


def test_the_bibliography_prints_titles_as_written_names_decoded_and_each_kind(pages):
    shown = bibliography_entries(pages)
    studies = load_studies()
    for key, entry in load_bibliography().entries.items():
        what = title_text(entry.fields.get("title") or entry.fields.get("howpublished") or entry.fields["note"])
        who = entry.persons["author"][0].rich_last_names[0].render_as("text")
        matches = [text for text in shown if words(what) in text and who in text and entry.fields["year"] in text]
        assert matches, f"{key}: its title is not printed as written: {what}"
        assert f"Kind of study: {KIND_LABELS[studies.loc[key, 'kind']]}." in matches[0], key
    assert any("Löffler et al." in text for text in shown)


def visible_text(soup):
    """What a reader sees on a page, and its hover texts, without code blocks (BibTeX is LaTeX by design)."""
    soup = BeautifulSoup(str(soup), "html.parser")
    for tag in soup.select("pre, script, style, div.highlight"):
        tag.decompose()
    hover = " ".join(tag["title"] for tag in soup.select("[title]"))
    return soup.get_text(" ") + " " + hover


AND_OTHERS = re.compile(r"\b[A-Z][\w'’-]+ and others\b")  # "Knapp and others"; prose such as "staff and others" is fine


def test_no_page_shows_and_others_or_raw_latex(pages):
    for name, soup in pages.items():
        text = visible_text(soup)
        assert not AND_OTHERS.search(text), f"{name}: {AND_OTHERS.search(text).group(0)!r} instead of 'et al.'"
        assert not RAW_LATEX.search(text), f"{name}: raw LaTeX: {RAW_LATEX.search(text).group(0)!r}"


def test_the_pdf_says_et_al_shows_no_latex_and_keeps_the_titles(pdf):
    tex = (pdf.parent / "book.tex").read_text(encoding="utf-8")
    assert not AND_OTHERS.search(tex), f"the PDF's LaTeX source says {AND_OTHERS.search(tex).group(0)!r}"
    text = words(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert not AND_OTHERS.search(text) and not RAW_LATEX.search(text), AND_OTHERS.search(text) or RAW_LATEX.search(text)
    bibliography = tex[tex.index("\\begin{sphinxthebibliography}"):]
    for latex, text in (("\\sphinxhyphen{}", "-"), ("\\&", "&"), ("{[}", "["), ("{]}", "]")):
        bibliography = bibliography.replace(latex, text)
    bibliography = words(bibliography)
    for key, entry in load_bibliography().entries.items():
        if "title" in entry.fields:
            assert words(title_text(entry.fields["title"])) in bibliography, f"{key}: title not as written in the PDF"


# -- what every page carries ------------------------------------------------------------------------------------


def meta(soup, name):
    return [tag["content"] for tag in soup.select(f'meta[name="{name}"]')]


def first_paragraph(soup):
    article = soup.select_one("article.bd-article")
    for paragraph in article.select("p") if article else []:
        if len(text := " ".join(paragraph.get_text().split())) > 40 and not paragraph.find_parent("table"):
            return text
    return None


def test_every_page_carries_citation_tags_a_description_and_a_favicon(pages, site):
    pdf = (site / "book.pdf").exists()
    pages = {name: BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser") for name in pages}
    for name, soup in pages.items():  # read again: the PDF fixture may have rebuilt the site since `pages` read it
        for tag in HIGHWIRE:
            assert meta(soup, tag) and all(meta(soup, tag)), f"{name}: no {tag}"
        assert meta(soup, "citation_author") == [a["name"] for a in BOOK["authors"]], name
        assert meta(soup, "citation_publication_date") == [BOOK["date-published"].replace("-", "/")], name
        assert bool(meta(soup, "citation_pdf_url")) == pdf, f"{name}: citation_pdf_url disagrees with the site's PDF"
        assert meta(soup, "citation_doi") == ([BOOK["doi"]] if BOOK.get("doi") else []), name
        description = meta(soup, "description")
        assert len(description) == 1 and len(description[0]) > 40, f"{name}: no description"
        paragraph = first_paragraph(soup)
        if paragraph:
            assert paragraph.startswith(description[0].removesuffix("…")), f"{name}: not its first paragraph"
        icon = soup.select_one("link[rel=icon]")
        assert icon is not None and (site / name).parent.joinpath(icon["href"]).resolve().is_file(), name
    assert meta(pages["index.html"], "citation_title") == [BOOK["title"]]
    assert meta(pages["chapters/health.html"], "citation_inbook_title") == [BOOK["title"]]


@pytest.mark.skipif(bool(os.environ.get(citing.BASEURL_VARIABLE) or CONFIG["html"]["baseurl"]),
                    reason="this build is published at an address")
def test_an_unpublished_build_says_so_and_makes_no_address_up(pages, site):
    cite = pages["chapters/how-to-cite.html"]
    assert citing.NOT_PUBLISHED in " ".join(cite.get_text().split())
    assert not (site / "sitemap.xml").exists()
    for name, soup in pages.items():
        assert not soup.select('link[rel=canonical], meta[property="og:url"]'), name
        assert not meta(soup, "citation_public_url"), name
    for path in (site / citing.CITATIONS_DIR).iterdir():
        assert "http" not in path.read_text(encoding="utf-8"), f"{path.name} carries an address"


def test_each_chapter_and_statistic_offers_its_citations(pages, site):
    for docname in citing.chapters():
        section = pages[f"{docname}.html"].select_one("#cite-this-page")
        assert "APA 7:" in section.get_text() and "Harvard:" in section.get_text() and "@incollection" in section.get_text()
        for link in section.select("a.download"):
            assert (site / docname).parent.joinpath(link["href"]).resolve().is_file(), link["href"]
    cite = pages["chapters/how-to-cite.html"]
    for section in ("cite-the-book", "cite-a-chapter", "cite-a-statistic"):
        text = cite.select_one(f"#{section}").get_text()
        assert all(f"{name}:" in text for name in ("APA 7", "Harvard", "BibTeX", "RIS", "CSL-JSON")), section
    statistics = json.loads((site / citing.CITATIONS_DIR / "statistics.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in statistics] == list(STATS["id"])
    rows = pages["chapters/data.html"].select("p.stat-cite")
    assert len(rows) == len(STATS) and all("[Statistic " in row.get_text() for row in rows)


def test_a_build_with_changes_since_its_release_says_so_in_every_citation(pages):
    """A student must not cite a number or a sentence to a release that lacks it."""
    version = citing.book_version(CFF["version"])
    rows = pages["chapters/data.html"].select("p.stat-cite")
    assert all(f"Version {version}" in row.get_text() for row in rows)
    chapter = " ".join(pages["chapters/health.html"].get_text(" ").split())
    assert f"Version {version}" in chapter


def test_unreleased_changes_are_found_in_the_data_and_in_the_prose_log(tmp_path, monkeypatch):
    from evidence import changelog
    import evidence.load

    unreleased = changelog.has_unreleased_changes.__wrapped__  # uncached, for the files below
    (tmp_path / "releases" / "9.9.9").mkdir(parents=True)
    snapshot = tmp_path / "releases" / "9.9.9" / "statistics.csv"
    snapshot.write_text(paths.STATISTICS_CSV.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(paths, "DATA", tmp_path)
    monkeypatch.setattr(evidence.load, "load_prose_corrections", lambda: [{"release": "9.9.9"}])
    assert not unreleased("9.9.9")
    assert unreleased("9.9.8"), "a version with no snapshot"
    monkeypatch.setattr(evidence.load, "load_prose_corrections", lambda: [{"release": "9.10.0"}])
    assert unreleased("9.9.9"), "a prose correction logged for a later release"
    monkeypatch.setattr(evidence.load, "load_prose_corrections", lambda: [])
    lines = snapshot.read_text(encoding="utf-8").splitlines(keepends=True)
    snapshot.write_text("".join(lines[:-1]), encoding="utf-8")
    assert unreleased("9.9.9"), "a statistic added since the release"


# -- a published build ------------------------------------------------------------------------------------------


def test_a_published_build_uses_its_address_everywhere(published):
    html, pages = published
    baseurl, repository = PUBLISHED["EVIDENCE_BASEURL"], PUBLISHED["EVIDENCE_REPOSITORY"]
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (html / "sitemap.xml").read_text(encoding="utf-8"))
    assert set(sitemap) == {baseurl + name for name in pages}
    for name, soup in pages.items():
        url = baseurl + name
        assert soup.select_one("link[rel=canonical]")["href"] == url, name
        if name in {"genindex.html", "search.html"}:  # generated pages: no text of their own to describe
            continue
        assert meta(soup, "citation_public_url") == [url], name
        assert soup.select_one('meta[property="og:url"]')["content"] == url, name
        assert soup.select_one('meta[property="og:description"]')["content"] == meta(soup, "description")[0], name
        assert soup.select_one('meta[property="og:site_name"]')["content"] == BOOK["title"], name
        assert meta(soup, "citation_pdf_url") == [baseurl + "book.pdf"], f"{name}: the PDF's address"
    health = pages["chapters/health.html"]
    links = {a["href"] for a in health.select("a[href]")}
    assert repository in links and f"{repository}/edit/main/chapters/health.md" in links
    assert any(link.startswith(f"{repository}/issues/new") for link in links)
    appendix_ids = {tag["id"] for tag in pages["chapters/data.html"].select("[id^=stat-]")}
    bib = bibtexparser.parse_string((html / citing.CITATIONS_DIR / "statistics.bib").read_text(encoding="utf-8"))
    for entry in bib.entries:
        assert entry["url"] == f"{baseurl}chapters/data.html#stat-{entry.key}" and f"stat-{entry.key}" in appendix_ids
    assert citing.NOT_PUBLISHED not in pages["chapters/how-to-cite.html"].get_text()
    cff = yaml.safe_load((html / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["url"] == cff["preferred-citation"]["url"] == baseurl and cff["repository-code"] == repository
