"""An edit to data/statistics.csv reaches every page on the next build: prose and charts, no stale cache or PDF.

It reads the shared rebuild of an edited copy of the book (conftest.edited_book), which started from the book's own
outputs: its execution cache, figures and current PDF edition."""
from conftest import chart_rows, chart_specs, shown_in_prose


def shown_in_charts(pages, stat_id):
    return {row["formatted"] for soup in pages.values() for _, spec in chart_specs(soup)
            for row in chart_rows(spec) if row.get("stat_id") == stat_id}


def test_a_csv_edit_replaces_the_old_number_in_prose_and_chart(edited_book):
    book, stat_id = edited_book, edited_book.stat_id
    assert book.old_value != {book.new_value}, "the edit changed nothing"
    assert shown_in_prose(book.pages, stat_id) == {book.new_value}, f"prose still shows {book.old_value} for {stat_id}"
    assert shown_in_charts(book.pages, stat_id) == {book.new_value}, f"a chart still shows {book.old_value} for {stat_id}"
    chart_id = next(cid for soup in book.pages.values() for cid, spec in chart_specs(soup)
                    if any(row.get("stat_id") == stat_id for row in chart_rows(spec)))
    figure = (book.project / "figures" / f"{chart_id}.svg").read_text(encoding="utf-8")
    assert book.new_value in figure, "static figure is stale"


def test_a_csv_edit_withdraws_the_pdf_that_a_copy_of_unchanged_sources_still_offers(edited_book, published):
    """Both copies were given the same current PDF edition; only the one whose data changed stops offering it."""
    html, _ = published
    assert (html / "book.pdf").exists(), "a copy of the unchanged sources does not offer its current PDF"
    assert not (edited_book.html / "book.pdf").exists(), "the site offers a PDF with the old number"
    landing = (edited_book.html / "index.html").read_text(encoding="utf-8")
    assert 'href="book.pdf"' not in landing and "not in this build" in landing, "the landing page links a missing PDF"
