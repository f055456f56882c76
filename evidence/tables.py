"""Small HTML tables for chapter pages, counted from the CSV (so no number in them is typed)."""
import html

from IPython.display import HTML

from evidence.load import load_statistics
from evidence.validate import vocabulary

APPENDIX_PAGE = "data.html"


def co_pathway_table(sector, stats=None):
    """Counts of a sector's statistics by Co (rows) and pathway (columns); each count links to those rows."""
    stats = load_statistics() if stats is None else stats
    rows = stats[stats["sector"] == sector]
    pathways = vocabulary("pathway")
    head = "".join(f"<th scope='col'>{p}</th>" for p in pathways)
    body = []
    for co in vocabulary("co"):
        cells = []
        for pathway in pathways:
            n = int(((rows["co"] == co) & (rows["pathway"] == pathway)).sum())
            link = f"{APPENDIX_PAGE}?sector={sector}&co={co}&pathway={pathway}#all-statistics"
            cells.append(f"<td><a href='{html.escape(link)}'>{n}</a></td>" if n else "<td>·</td>")
        body.append(f"<tr><th scope='row'>{co}</th>{''.join(cells)}<td>{int((rows['co'] == co).sum())}</td></tr>")
    caption = (f"Statistics of this chapter by Co and pathway ({len(rows)} in all). "
               "Each count links to those rows in the data appendix; · means none.")
    return HTML(f"<table class='evidence-table co-pathway-table'><caption>{html.escape(caption)}</caption>"
                f"<thead><tr><th scope='col'>Co</th>{head}<th scope='col'>all</th></tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")
