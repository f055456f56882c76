"""The PDF edition: numbers from the CSV, each linked to its row, charts as vector figures, bibliography last."""
import re
import subprocess

import pytest

from conftest import ROOT, chart_specs, jupyter_book
from evidence.checks import statistic_disagreements
from evidence.load import load_statistics

STATS = load_statistics()
STAT_REF = re.compile(r"\\hyperref\[\\detokenize\{chapters/data:stat-([a-z0-9-]+)\}\]\{\\sphinxcrossref\{(.*?)\}\}\}")
LABEL = re.compile(r"\\label\{\\detokenize\{chapters/data:stat-([a-z0-9-]+)\}\}")


def untex(text):
    return (text.replace("\\%", "%").replace("\\$", "$").replace("\\textendash{}", "–").replace("\\&", "&")
            .replace("\\sphinxhyphen{}", "-"))


@pytest.fixture(scope="session")
def pdf(site):
    """The PDF edition, built after the HTML (an incremental build when the book is current)."""
    result = jupyter_book(ROOT, "--builder", "pdflatex")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = jupyter_book(ROOT)  # again, so the site offers this PDF (as scripts/setup-and-build.sh does)
    assert html.returncode == 0, html.stdout[-3000:] + html.stderr[-3000:]
    return ROOT / "_build" / "latex" / "book.pdf"


@pytest.fixture(scope="session")
def pdf_text(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_every_number_in_the_pdf_source_is_the_csv_value_and_links_to_its_row(pdf):
    tex = (pdf.parent / "book.tex").read_text(encoding="utf-8")
    shown = [("book.tex", stat_id, untex(value)) for stat_id, value in STAT_REF.findall(tex)]
    assert len(shown) > 100
    assert not statistic_disagreements(shown, STATS)
    missing = {i for _, i, _ in shown} - set(LABEL.findall(tex))
    assert not missing, f"links to rows the PDF does not label: {sorted(missing)[:5]}"


def test_the_pdf_shows_those_numbers(pdf, pdf_text):
    tex = (pdf.parent / "book.tex").read_text(encoding="utf-8")
    for stat_id in {i for i, _ in STAT_REF.findall(tex)}:
        assert STATS.loc[stat_id, "formatted"] in pdf_text, f"{stat_id}: {STATS.loc[stat_id, 'formatted']} not in the PDF"


def test_charts_are_vector_figures_with_their_titles(pdf, pdf_text, pages):
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) == 2, f"raster images in the PDF:\n{images}"
    titles = [f.select_one(".evidence-chart-title").get_text(strip=True)
              for soup in pages.values() for f in soup.select("figure.evidence-chart")]
    assert titles
    for title in titles:
        assert " ".join(title.split()) in pdf_text, f"chart not in the PDF as vector text: {title}"


def test_the_bibliography_comes_last_and_the_html_offers_the_pdf(pdf_text, pages, site):
    assert pdf_text.rfind("Bibliography") > pdf_text.rfind("Verification report")
    assert pages["index.html"].select_one("a[href='book.pdf']") is not None
    assert (site / "book.pdf").stat().st_size > 100_000, "the site does not carry the PDF edition"
