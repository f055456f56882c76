"""Small tables for chapter pages, counted from the data (so no number in them is typed).

Each table is shown as HTML on the web and as Markdown in the PDF edition (the LaTeX builder cannot use HTML).
"""
import html

from evidence.load import load_statistics
from evidence.paths import APPENDIX_PAGE
from evidence.validate import vocabulary


class Table:
    """A table with an HTML and a Markdown rendering; `cells` are plain text, `links` optional hrefs per cell."""

    def __init__(self, header, rows, caption, links=None, css_class="evidence-table"):
        self.header, self.rows, self.caption, self.css_class = header, rows, caption, css_class
        self.links = links or [[None] * len(r) for r in rows]

    def _repr_html_(self):
        def cell(text, link, tag="td"):
            body = f"<a href='{html.escape(link)}'>{html.escape(text)}</a>" if link else html.escape(text)
            return f"<{tag}>{body}</{tag}>"

        head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in self.header)
        body = "".join("<tr>" + "".join(cell(t, l) for t, l in zip(row, links)) + "</tr>"
                       for row, links in zip(self.rows, self.links))
        return (f"<table class='{self.css_class}'><caption>{html.escape(self.caption)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def _repr_markdown_(self):
        escape = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(escape(h) for h in self.header) + " |", "|" + "---|" * len(self.header)]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines) + f"\n\n{escape(self.caption)}\n"


def data_table(frame, caption):
    """A DataFrame as a Table (empty cells shown as empty)."""
    rows = [["" if v != v else str(v) for v in record] for record in frame.itertuples(index=False)]
    return Table(list(frame.columns), rows, caption)


def co_pathway_table(sector, stats=None):
    """Counts of a sector's statistics by Co (rows) and pathway (columns); each count links to those rows."""
    stats = load_statistics() if stats is None else stats
    rows = stats[stats["sector"] == sector]
    pathways = vocabulary("pathway")
    body, links = [], []
    for co in vocabulary("co"):
        counts = [int(((rows["co"] == co) & (rows["pathway"] == p)).sum()) for p in pathways]
        body.append([co] + [str(n) if n else "·" for n in counts] + [str(int((rows["co"] == co).sum()))])
        links.append([None] + [f"{APPENDIX_PAGE}?sector={sector}&co={co}&pathway={p}#all-statistics" if n else None
                               for p, n in zip(pathways, counts)] + [None])
    caption = (f"Statistics of this chapter by Co and pathway ({len(rows)} in all). "
               "Each count links to those rows in the data appendix; · means none.")
    return Table(["Co"] + pathways + ["all"], body, caption, links, "evidence-table co-pathway-table")
