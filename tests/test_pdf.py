"""The PDF edition: numbers from the CSV, each linked to its row, charts as vector figures, bibliography last."""
import re
import subprocess
from collections import Counter

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import chart_specs
from evidence import citing, paths
from evidence.checks import statistic_disagreements
from evidence.load import load_statistics

STATS = load_statistics()
STAT_REF = re.compile(r"\\hyperref\[\\detokenize\{chapters/data:stat-([a-z0-9-]+)\}\]\{\\sphinxcrossref\{(.*?)\}\}\}")
LABEL = re.compile(r"\\label\{\\detokenize\{chapters/data:stat-([a-z0-9-]+)\}\}")
FIGURE = re.compile(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([0-9a-f]+)\}\.pdf\}")
APPENDIX_CHAPTER = "\\chapter{Data appendix}"


def untex(text):
    return (text.replace("\\%", "%").replace("\\$", "$").replace("\\textendash{}", "–").replace("\\&", "&")
            .replace("\\sphinxhyphen{}", "-"))


# The PDF's page (US letter, in points) and its text block: the running head ends above TEXT_TOP, the foot line
# starts below TEXT_BOTTOM (sphinx's LaTeX geometry; test_no_page_runs_into_its_running_foot keeps pages to it).
PAGE_WIDTH, TEXT_TOP, TEXT_BOTTOM = 612, 66, 730
WORD_BOX = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">')


def pdf_text_block(pdf):
    """The text of the pages' text blocks, pages separated by form feeds, in typesetting order."""
    crop = ["-x", "0", "-y", str(TEXT_TOP), "-W", str(PAGE_WIDTH), "-H", str(TEXT_BOTTOM - TEXT_TOP)]
    return subprocess.run(["pdftotext", "-raw", *crop, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def foot_lines(pdf):
    """Per page, the top of every word below the text block (the foot line's, and anything that overran into it)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[y for y in map(float, WORD_BOX.findall(page)) if y > TEXT_BOTTOM] for page in boxes.split("<page ")[1:]]


@pytest.fixture(scope="session")
def pdf_text(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_every_number_in_the_pdf_source_is_the_csv_value_and_links_to_its_row(pdf, pages):
    tex = (pdf.parent / "book.tex").read_text(encoding="utf-8")
    shown = [("book.tex", stat_id, untex(value)) for stat_id, value in STAT_REF.findall(tex)]
    assert len(shown) == sum(len(soup.select("a.stat")) for soup in pages.values()), "the PDF and the site differ"
    assert not statistic_disagreements(shown, STATS)
    missing = {i for _, i, _ in shown} - set(LABEL.findall(tex))
    assert not missing, f"links to rows the PDF does not label: {sorted(missing)[:5]}"


def test_the_chapters_of_the_pdf_show_those_numbers(pdf):
    """Each number linked in the chapters' prose shows on the chapters' pages (as often as it is linked), not only
    in the data appendix and the pages after it, which list every value anyway. The text is compared without white
    space, so a value that a table cell or a line end wraps still counts; pdftotext drops
    the hyphen of a word split at a line end ("one-" and "third" read "onethird"), so that form counts too. Only the
    text block of each page is read (no running head or foot, which would otherwise sit between "over" at the foot of
    one page and "2,500" at the top of the next), in the order it was typeset (-raw): pdftotext's own reading order
    can put one table cell's text between two lines of its neighbour's."""
    tex = (pdf.parent / "book.tex").read_text(encoding="utf-8")
    in_prose = Counter(STATS.loc[i, "formatted"] for i, _ in STAT_REF.findall(tex[:tex.index(APPENDIX_CHAPTER)]))
    pages = pdf_text_block(pdf).split("\f")
    appendix = next(n for n, page in enumerate(pages) if re.match(r"CHAPTER [A-Z]+ DATA APPENDIX", " ".join(page.split())))
    chapters = re.sub(r"\s+", "", "".join(pages[:appendix]))
    shown = {value: sum(chapters.count(form) for form in {re.sub(r"\s+", "", value), re.sub(r"\s+|-", "", value)})
             for value in in_prose}
    short = {value: (n, shown[value]) for value, n in in_prose.items() if shown[value] < n}
    assert not short, f"numbers linked in prose that the chapter pages do not show (linked, shown): {short}"


def test_no_page_runs_into_its_running_foot(pdf):
    """Everything typeset on a page stays above its foot line (page number and section): a table too tall for the page
    overran it and was cut off, its last rows lost to the PDF's reader."""
    overrun = [f"page {n}: lines at {sorted(set(map(round, ys)))} pt" for n, ys in enumerate(foot_lines(pdf), 1)
               if ys and max(ys) - min(ys) > 2]
    assert not overrun, "text below the text block, over or under the running foot:\n" + "\n".join(overrun)


def test_the_tables_that_notebooks_compute_print_as_tables(pdf, pdf_text, pages):
    """A notebook's table (evidence.tables.Table) reaches the PDF through its Markdown form: each one prints as a
    table with its header row, not as lines of pipes and dashes."""
    assert not re.search(r"\|\s*-{3}\s*\|", pdf_text), "a table prints as Markdown source in the PDF"
    tex = (pdf.parent / "book.tex").read_text(encoding="utf-8")
    header_cells = set(map(untex, re.findall(r"\\sphinxstyletheadfamily\s*\\sphinxAtStartPar\s*(.*?)\s*(?:&|\\\\)", tex)))
    tables = [table for soup in pages.values() for table in soup.select(".cell_output table.evidence-table")]
    assert tables, "no computed table in the site"
    for table in tables:
        for th in table.select("thead th"):
            assert th.get_text(strip=True) in header_cells, f"not a table header in the PDF: {th.get_text()!r}"


def test_charts_are_vector_figures_with_their_titles(pdf, pdf_text, pages):
    """One included PDF graphic per chart (the text fallback of a lost figure would still hold its title)."""
    charts = sum(len(chart_specs(soup)) for soup in pages.values())
    figures = FIGURE.findall((pdf.parent / "book.tex").read_text(encoding="utf-8"))
    assert len(figures) == charts, f"{len(figures)} figures in the PDF for {charts} charts"
    assert all((pdf.parent / f"{name}.pdf").read_bytes().startswith(b"%PDF") for name in figures)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) == 2, f"raster images in the PDF:\n{images}"
    titles = [f.select_one(".evidence-chart-title").get_text(strip=True)
              for soup in pages.values() for f in soup.select("figure.evidence-chart")]
    assert titles
    for title in titles:
        assert " ".join(title.split()) in pdf_text, f"chart not in the PDF as vector text: {title}"


def test_the_bibliography_comes_last_and_the_html_offers_the_pdf(pdf_text, site):
    assert pdf_text.rfind("Bibliography") > pdf_text.rfind("Verification report")
    # read afresh: the session's parsed pages may predate the PDF, and the build links it only once it is current
    landing = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert landing.select_one("a[href='book.pdf']") is not None, "the landing page does not link the PDF edition"
    assert (site / "book.pdf").stat().st_size > 100_000, "the site does not carry the PDF edition"


# -- the PDF as a book: front matter, references, metadata ------------------------------------------------------

TOC_CHAPTER = re.compile(r"\\contentsline\s*\{chapter\}\{(\\numberline\s*\{(\w+)\})?(.*?)\}\{([^}]*)\}")
TOC_SECTION = re.compile(r"\\contentsline\s*\{section\}\{(\\numberline\s*\{[\w.]+\})?")
TOC_SECTION_TITLE = re.compile(r"\\contentsline\s*\{section\}\{(?:\\numberline\s*\{[\w.]+\})?(.*?)\}\{[^}]*\}\{")
UNDEFINED = re.compile(r"^(?:LaTeX|Package \w+) Warning: (?:Hyper reference|Reference|Citation) `[^\n]*|"
                       r"^LaTeX Warning: There were undefined references\.", re.MULTILINE)


def test_the_landing_page_is_an_unnumbered_preface_and_the_chapters_are_numbered_from_one(pdf):
    """The PDF's table of contents (book.toc): the landing page's text is one unnumbered chapter in the front matter
    (roman page numbers), with its sections unnumbered inside it, not one numbered chapter per section."""
    toc = (pdf.parent / "book.toc").read_text(encoding="utf-8")
    chapters = TOC_CHAPTER.findall(toc)
    assert chapters, "no chapter in the PDF's table of contents"
    (numbered, _, first, page), *rest = chapters
    assert (first, numbered) == ("Preface", ""), f"the PDF opens with {first!r}, numbered {numbered!r}"
    assert re.fullmatch(r"[ivxlc]+", page), f"the preface is on page {page}, not in the front matter"
    landing_sections = re.findall(r"^## (.+)$", (paths.ROOT / "index.md").read_text(encoding="utf-8"), re.MULTILINE)
    preface = toc[:toc.index(rest[0][2])] if rest else toc
    assert TOC_SECTION_TITLE.findall(preface) == landing_sections, "the preface's sections are not the landing page's"
    assert not any(TOC_SECTION.findall(preface)), "numbered sections in the preface"
    unnumbered = {title for numbered, _, title, _ in rest if not numbered}
    assert not unnumbered & set(landing_sections), "a section of the landing page is an unnumbered chapter of its own"
    numbers = [number for _, number, _, _ in rest if number]
    assert numbers[:3] == ["1", "2", "3"], f"the chapters after the preface are numbered {numbers[:3]}"


def test_every_cross_reference_in_the_pdf_resolves(pdf):
    """The LaTeX log of the last pass (latexmk runs until the references settle) reports no undefined reference."""
    log = (pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Output written on book" in log or "book.xdv" in log, "book.log is not the log of a finished run"
    undefined = UNDEFINED.findall(log)
    assert not undefined, f"{len(undefined)} undefined references in {pdf.parent / 'book.log'}:\n" + "\n".join(undefined[:10])


def pdf_info(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def test_the_pdf_carries_the_books_title_author_subject_and_keywords(pdf):
    """From the book's configuration and CITATION.cff, never typed here."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    cff = citing.citation_file()
    info = {key: " ".join(value.split()) for key, value in pdf_info(pdf).items()}
    assert info.get("Title") == config["title"] == cff["preferred-citation"]["title"]
    assert info.get("Author") == config["author"] == ", ".join(a["name"] for a in cff["preferred-citation"]["authors"])
    assert info.get("Subject") == " ".join(cff["abstract"].split()), f"subject: {info.get('Subject')!r}"
    assert info.get("Keywords") == ", ".join(cff["keywords"]), f"keywords: {info.get('Keywords')!r}"
