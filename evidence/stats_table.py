"""Directives that print the data itself: every statistic with its anchor, and the data dictionary.

Both are drawn from the files at build time, so they change when a row or a schema field changes.
"""
import html
import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from evidence import paths
from evidence.citing import statistic_citation
from evidence.load import author_year
from evidence.synthesis import KIND_GROUPS, NOT_CODED
from evidence.validate import schema_fields, source_keys, vocabulary

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


def row_of(cells, row_class=nodes.row, **attributes):
    row = row_class(**attributes)
    for content in cells:
        entry = nodes.entry()
        entry += content if isinstance(content, list) else [content]
        row += entry
    return row


class stat_row(nodes.row):
    """A row of the data appendix: a table row everywhere, with `data-` attributes for the filters in HTML."""


def visit_stat_row_html(self, node):
    self.visit_row(node)
    attributes = "".join(f' {name}="{html.escape(value)}"' for name, value in node.get("data", {}).items())
    self.body[-1] = self.body[-1].replace("<tr", "<tr" + attributes, 1)
    node["html_start"] = len(self.body) - 1


# The appendix row says the study's kind and links to its full reference, so the citation's hover title (a copy of
# that reference) is dropped there: on 189 rows it would add some 36 KB to a page read on phones.
CITATION_TITLE = re.compile(r'(<a class="reference internal" href="bibliography\.html#[^"]*") title="[^"]*"')


def depart_stat_row_html(self, node):
    self.depart_row(node)
    start = node["html_start"]
    self.body[start:] = [CITATION_TITLE.sub(r"\1", part) for part in self.body[start:]]


def visit_stat_row(self, node):
    self.visit_row(node)


def depart_stat_row(self, node):
    self.depart_row(node)


def row_tags(row, studies):
    """What the appendix filters read from a statistic's row: its tags, and the kind and key of each study it cites.
    Several values are separated by spaces; an empty evidence_of is 'not-coded'."""
    keys = source_keys(row["source"])
    return {"sector": row["sector"], "co": row["co"], "pathway": row["pathway"],
            "kind": " ".join(dict.fromkeys(studies.loc[k, "kind"] for k in keys)),
            "evidence_of": row["evidence_of"] or NOT_CODED, "study": " ".join(keys)}


FILTERS = (("sector", "Sector"), ("co", "Co"), ("pathway", "Pathway"), ("kind", "Study kind"),
           ("evidence_of", "Evidence of"), ("study", "Study"))


def filter_options(stats, studies, bibliography):
    """{filter: [(value, label)]}: only values that some row holds, so no option selects nothing by construction.
    The study-kind filter also offers the groups of kinds the evidence map uses (a value of several kinds)."""
    tags = [row_tags(row, studies) for row in stats.to_dict("records")]
    present = {name: {v for t in tags for v in t[name].split()} for name, _ in FILTERS}
    options = {}
    for name, _ in FILTERS:
        if name == "kind":
            order = vocabulary("kind", "studies")
            options[name] = [(v, v) for v in order if v in present[name]]
            options[name] += [(" ".join(g.values), f"{g.label} (map row)") for g in KIND_GROUPS
                              if len(g.values) > 1 and present[name] & set(g.values)]
        elif name == "evidence_of":
            order = list(vocabulary("evidence_of")) + [NOT_CODED]
            options[name] = [(v, v) for v in order if v in present[name]]
        elif name == "study":
            options[name] = sorted(((k, author_year(k, bibliography)) for k in present[name]), key=lambda o: o[1])
        else:
            options[name] = [(v, v) for v in vocabulary(name) if v in present[name]]
    return options


# The sort controls sit in the filter bar, not in the column headings: the appendix shows its rows as cards, with the
# table's header row kept only for screen readers. Each value names a column of APPENDIX_COLUMNS (evidence-appendix.js).
SORT_KEYS = (("", "book order"), ("statistic", "statistic id"), ("value", "value"), ("where", "where and when"),
             ("study", "primary study"))
SORT_CONTROLS = (
    '<label>Sort by <select data-sort="key">'
    + "".join(f'<option value="{v}">{text}</option>' for v, text in SORT_KEYS) + '</select></label>'
    + '<label>Order <select data-sort="order"><option value="ascending">ascending</option>'
    '<option value="descending">descending</option></select></label>')


def filter_form(options):
    """The appendix's filter controls (HTML only): a select per filter, with only values present, and a text box."""
    def select(name, label):
        choices = "".join(f'<option value="{html.escape(v)}">{html.escape(text)}</option>' for v, text in options[name])
        return (f'<label>{label} <select data-filter="{name}"><option value="">all</option>{choices}'
                f'</select></label>')

    return nodes.raw("", (
        '<form class="evidence-filter" role="search" aria-label="Filter the statistics" onsubmit="return false">'
        + "".join(select(name, label) for name, label in FILTERS)
        + '<label>Text <input type="search" data-filter="text" placeholder="id, measure, quote, study"></label>'
        + SORT_CONTROLS + '<output class="evidence-filter-count" aria-live="polite"></output></form>'),
        format="html")


class StatisticsTable(Directive):
    """Every statistic, one row each, with the anchor `stat-<id>` that every number in the book links to."""

    option_spec = {"sector": directives.unchanged}

    def run(self):
        env = self.state.document.settings.env
        stats, studies = env.app.evidence_statistics, env.app.evidence_studies
        if "sector" in self.options:
            stats = stats[stats["sector"] == self.options["sector"]]
        cite = env.get_domain("cite").role("p")
        result, body = table(APPENDIX_COLUMNS, (22, 12, 12, 34, 20))
        result["classes"].append("evidence-appendix")
        problems = []
        for row in stats.to_dict("records"):
            stat_id = row["id"]
            tags = row_tags(row, studies)
            # The filters and the sort read these attributes only (no copies as classes: the page stays small).
            data = {f"data-{name.replace('_', '-')}": values for name, values in tags.items()}
            data["data-value"] = f"{row['value']:g}"
            citation, messages = cite("cite:p", f"{{cite:p}}`{row['source']}`", row["source"].replace(";", ","),
                                      self.lineno, self.state.inliner)
            problems += messages
            # The row's id is the HTML anchor; LaTeX writes no labels for table rows, so the PDF gets its own.
            anchor = nodes.raw("", f"\\phantomsection\\label{{\\detokenize{{{env.docname}:stat-{stat_id}}}}}", format="latex")
            statistic = [nodes.paragraph("", "", anchor, nodes.Text(stat_id), classes=["stat-id"]),
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
            study.insert(1, nodes.paragraph(text=f"kind: {tags['kind']} · evidence of: {tags['evidence_of']}",
                                            classes=["stat-kind"]))
            body += row_of([statistic, value, where, quote, study], row_class=stat_row, ids=[f"stat-{stat_id}"],
                           classes=["stat-row"], data=data)
        options = filter_options(stats, studies, env.app.evidence_bibliography)
        return [filter_form(options), result] + problems


class DataDictionary(Directive):
    """The columns of a table of the data package (data/statistics.csv unless `:resource:` names another), generated
    from data/datapackage.json (never a hand copy)."""

    option_spec = {"resource": directives.unchanged}

    def run(self):
        result, body = table(("Column", "Type", "Rules", "Meaning"), (14, 8, 30, 48))
        for field in schema_fields(self.options.get("resource", "statistics"))["fields"]:
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


def chart_cells(text):
    """(chart id, whether its `charts.show` call offers a matrix) for every chart of a page's source, in order: a
    chart's code cell is the text from the cell's opening fence to its closing one."""
    found = []
    for cell in re.findall(r"```\{code-cell\}.*?```", text, flags=re.S):
        found += [(chart_id, "matrix=" in cell) for chart_id in CHART_ID.findall(cell)]
    return found


class ChartDownloads(Directive):
    """Links to every chart's static figures and data, found from the chart ids in the chapters' sources."""

    def run(self):
        env = self.state.document.settings.env
        env.evidence_always_fresh.add(env.docname)
        bullet = nodes.bullet_list()
        for page in sorted(paths.CHAPTERS.glob("*.md")):
            for chart_id, has_matrix in chart_cells(page.read_text(encoding="utf-8")):
                item = nodes.paragraph("", "", nodes.literal(text=chart_id), nodes.Text(" ("), nodes.Text(page.stem),
                                       nodes.Text("): "))
                files = [("SVG", f"{chart_id}.svg"), ("PNG", f"{chart_id}.png"), ("data (CSV)", f"{chart_id}.csv")]
                if has_matrix:
                    files.append(("matrix (CSV)", f"{chart_id}-matrix.csv"))
                for label, name in files:
                    item += nodes.reference(text=label, refuri=f"../figures/{name}")
                    item += nodes.Text(" ")
                bullet += nodes.list_item("", item)
        return [bullet]
