"""Directives that print the data itself: every statistic with its anchor, and the data dictionary.

Both are drawn from the files at build time, so they change when a row or a schema field changes.
"""
import html
import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from evidence import paths
from evidence.citing import statistic_citation
from evidence.validate import schema_fields, vocabulary

CHART_ID = re.compile(r"chart_id\s*=\s*\"([a-z0-9-]+)\"")

APPENDIX_COLUMNS = ("Statistic", "Value", "Where and when", "From the source chapter", "Primary study")


def table(headers, widths):
    """An empty docutils table with a header row; returns (table, tbody)."""
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=w) for w in widths]
    head = nodes.thead()
    head += row_of([nodes.paragraph(text=h) for h in headers])
    body = nodes.tbody()
    group += [head, body]
    return nodes.table("", group, classes=["evidence-table"]), body


def row_of(cells, **attributes):
    row = nodes.row(**attributes)
    for content in cells:
        entry = nodes.entry()
        entry += content if isinstance(content, list) else [content]
        row += entry
    return row


def filter_form():
    """The appendix's filter controls (HTML only); options come from the schema's vocabularies."""
    def select(name, label):
        values = vocabulary(name)
        options = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)
        return (f'<label>{label} <select data-filter="{name}"><option value="">all</option>{options}'
                f'</select></label>')

    return nodes.raw("", (
        '<form class="evidence-filter" role="search" aria-label="Filter the statistics" onsubmit="return false">'
        + select("sector", "Sector") + select("co", "Co") + select("pathway", "Pathway")
        + '<label>Text <input type="search" data-filter="text" placeholder="id, measure, quote, study"></label>'
        + '<output class="evidence-filter-count" aria-live="polite"></output></form>'), format="html")


class StatisticsTable(Directive):
    """Every statistic, one row each, with the anchor `stat-<id>` that every number in the book links to."""

    option_spec = {"sector": directives.unchanged}

    def run(self):
        env = self.state.document.settings.env
        stats = env.app.evidence_statistics
        if "sector" in self.options:
            stats = stats[stats["sector"] == self.options["sector"]]
        cite = env.get_domain("cite").role("p")
        result, body = table(APPENDIX_COLUMNS, (22, 12, 12, 34, 20))
        problems = []
        for row in stats.to_dict("records"):
            stat_id = row["id"]
            classes = ["stat-row", f"sector-{row['sector']}", f"co-{row['co']}", f"pathway-{row['pathway']}"]
            citation, messages = cite("cite:p", f"{{cite:p}}`{row['source']}`", row["source"].replace(";", ","),
                                      self.lineno, self.state.inliner)
            problems += messages
            # The row's id is the HTML anchor; LaTeX writes no labels for table rows, so the PDF gets its own.
            anchor = nodes.raw("", f"\\phantomsection\\label{{\\detokenize{{{env.docname}:stat-{stat_id}}}}}", format="latex")
            statistic = [nodes.paragraph("", "", anchor, nodes.literal(text=stat_id)),
                         nodes.paragraph(text=row["measure"]),
                         nodes.paragraph(text=f"{row['sector']} · {row['co']} · {row['pathway']} · {row['topic']}",
                                         classes=["stat-tags"])]
            value = [nodes.paragraph("", "", nodes.strong(text=row["formatted"])),
                     nodes.paragraph(text=f"as written: “{row['as_written']}”", classes=["stat-as-written"])]
            if row["hedge"]:
                value.append(nodes.paragraph(text=f"hedged in the source: “{row['hedge']}”", classes=["stat-hedge"]))
            where = nodes.paragraph(text=" · ".join(x for x in (row["place"], row["year"]) if x) or "not stated")
            quote = nodes.paragraph(text=f"“{row['quote']}” (Loeffler 2020)")
            study = [nodes.paragraph("", "", *citation)]
            if row["locator"]:
                study.append(nodes.paragraph(text=row["locator"]))
            study.append(nodes.paragraph("", "Cite this statistic: ", *statistic_citation(env.config, stat_id, row["measure"]),
                                         classes=["stat-cite"]))
            body += row_of([statistic, value, where, quote, study], ids=[f"stat-{stat_id}"], classes=classes)
        return [filter_form(), result] + problems


class DataDictionary(Directive):
    """The columns of data/statistics.csv, generated from data/datapackage.json (never a hand copy)."""

    def run(self):
        result, body = table(("Column", "Type", "Rules", "Meaning"), (14, 8, 30, 48))
        for field in schema_fields()["fields"]:
            rules = field.get("constraints", {})
            text = []
            if rules.get("required"):
                text.append("required")
            if rules.get("unique"):
                text.append("unique")
            if "enum" in rules:
                text.append("one of: " + ", ".join(rules["enum"]))
            if "pattern" in rules:
                text.append(f"pattern: {rules['pattern']}")
            if "minLength" in rules:
                text.append(f"at least {rules['minLength']} characters")
            body += row_of([nodes.paragraph("", "", nodes.literal(text=field["name"])),
                            nodes.paragraph(text=field["type"]),
                            nodes.paragraph(text="; ".join(text) or "optional"),
                            nodes.paragraph(text=re.sub(r"\s+", " ", field.get("description", "")))])
        return [result]


class ChartDownloads(Directive):
    """Links to every chart's static figures, found from the chart ids in the chapters' sources."""

    def run(self):
        env = self.state.document.settings.env
        env.evidence_always_fresh.add(env.docname)
        bullet = nodes.bullet_list()
        for page in sorted(paths.CHAPTERS.glob("*.md")):
            for chart_id in CHART_ID.findall(page.read_text(encoding="utf-8")):
                item = nodes.paragraph("", "", nodes.literal(text=chart_id), nodes.Text(" ("), nodes.Text(page.stem),
                                       nodes.Text("): "))
                for extension in ("svg", "png"):
                    item += nodes.reference(text=extension.upper(), refuri=f"../figures/{chart_id}.{extension}")
                    item += nodes.Text(" ")
                bullet += nodes.list_item("", item)
        return [bullet]
