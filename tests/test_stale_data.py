"""An edit to data/statistics.csv reaches every page on the next build: prose and charts, no stale cache or PDF."""
import csv
import shutil

from bs4 import BeautifulSoup

from conftest import chart_rows, chart_specs, jupyter_book, write_rows
from evidence.format import format_statistic
from evidence.sphinx_ext import PDF_STAMP


def built_pages(project):
    site = project / "_build" / "html"
    return {p.name: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in site.rglob("*.html")}


def shown_in_prose(pages, stat_id):
    return {a.get_text() for soup in pages.values() for a in soup.select(f"a.stat[href$='#stat-{stat_id}']")}


def shown_in_charts(pages, stat_id):
    return {row["formatted"] for soup in pages.values() for _, spec in chart_specs(soup)
            for row in chart_rows(spec) if row.get("stat_id") == stat_id}


def edit_value(project, stat_id):
    """Add one to an exact percentage, in value, as_written and quote alike (so the row stays valid)."""
    path = project / "data" / "statistics.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    row = next(r for r in rows if r["id"] == stat_id)
    old, new = row["as_written"], f"{float(row['value']) + 1:g}%"
    row.update(value=f"{float(row['value']) + 1:g}", as_written=new, quote=row["quote"].replace(old, new))
    write_rows(path, rows)
    return format_statistic({**row, "value_high": None})


def test_a_csv_edit_replaces_the_old_number_in_prose_and_chart_and_withdraws_the_pdf(project_copy, pdf):
    latex = project_copy / "_build" / "latex"  # the PDF edition of these sources, as the setup command leaves it
    latex.mkdir(parents=True)
    for name in ("book.pdf", PDF_STAMP):
        shutil.copy2(pdf.parent / name, latex / name)
    first = jupyter_book(project_copy)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert (project_copy / "_build" / "html" / "book.pdf").exists(), "the site does not offer a current PDF"
    pages = built_pages(project_copy)
    in_prose = {a["href"].split("#stat-")[1] for soup in pages.values() for a in soup.select("a.stat")}
    in_charts = {row.get("stat_id") for soup in pages.values() for _, spec in chart_specs(soup) for row in chart_rows(spec)}
    stat_id = next(i for i in sorted(in_prose & in_charts) if shown_in_prose(pages, i) and
                   next(iter(shown_in_prose(pages, i))).endswith("%") and next(iter(shown_in_prose(pages, i)))[0].isdigit())
    old = shown_in_prose(pages, stat_id)

    new = edit_value(project_copy, stat_id)
    second = jupyter_book(project_copy)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    pages = built_pages(project_copy)

    assert shown_in_prose(pages, stat_id) == {new}, f"prose still shows {old} for {stat_id}"
    assert shown_in_charts(pages, stat_id) == {new}, f"a chart still shows {old} for {stat_id}"
    chart_id = next(cid for soup in pages.values() for cid, spec in chart_specs(soup)
                    if any(row.get("stat_id") == stat_id for row in chart_rows(spec)))
    assert new in (project_copy / "figures" / f"{chart_id}.svg").read_text(encoding="utf-8"), "static figure is stale"
    assert not (project_copy / "_build" / "html" / "book.pdf").exists(), "the site offers a PDF with the old number"
