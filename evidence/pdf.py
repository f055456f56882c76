"""The PDF edition's shape and metadata (LaTeX builder only; the HTML book is untouched).

- The landing page is front matter: its opening text and its sections become one unnumbered "Preface" chapter
  between the table of contents and the first chapter (`\\frontmatter` ... `\\mainmatter`, book class), instead of
  one numbered chapter per section.
- Every table may break across pages (longtable), with column widths in proportion to how much text each column
  holds: tabulary, Sphinx's choice for a table of under 30 rows, cannot break, and a tall one ran off its page.
- The PDF carries the book's title and author (_config.yml's, which tests/test_ci.py holds equal to CITATION.cff's)
  and, from CITATION.cff, the one source of the book's citation metadata, its subject (the abstract) and keywords.
"""
from docutils import nodes
from sphinx import addnodes

from evidence import citing

PREFACE = "Preface"
_SPECIALS = {c: "\\" + c for c in "#$%&_{}"} | {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                                "^": r"\textasciicircum{}"}


def pdf_string(text):
    """Text for a hyperref PDF string: one line, LaTeX's special characters escaped."""
    return "".join(_SPECIALS.get(c, c) for c in " ".join(str(text).split()))


def metadata():
    """(subject, keywords) of the book, from CITATION.cff: its abstract and its keywords."""
    cff = citing.citation_file()
    return cff["abstract"], ", ".join(cff.get("keywords", []))


def add_metadata(app, config):
    """The PDF's subject and keywords, in the preamble (the PDF's information is written with its first page).
    Its title and author are the book's `title` and `author` in _config.yml, which Sphinx's title page sets and
    tests/test_ci.py holds equal to CITATION.cff's."""
    subject, keywords = (pdf_string(v) for v in metadata())
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + (
        "% The PDF's subject and keywords, from CITATION.cff (evidence/pdf.py)\n"
        f"\\hypersetup{{pdfsubject={{{subject}}}, pdfkeywords={{{keywords}}}}}\n")
    config.latex_elements = elements


def _holds_a_chapter(node):
    return any(True for _ in node.findall(addnodes.start_of_file))


def landing_page_as_preface(app, doctree, docname):
    """In the assembled LaTeX document: the root page's text and sections into one unnumbered preface chapter,
    then `\\mainmatter` before the first chapter that the table of contents brings in."""
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None or not isinstance(top[0], nodes.title):
        return
    first = next((i for i, child in enumerate(top.children) if _holds_a_chapter(child)), len(top.children))
    front = top.children[1:first]
    if not front:
        return
    preface = nodes.section("", ids=["preface"], names=["preface"])
    preface += nodes.title(PREFACE, PREFACE)
    for child in front:
        top.remove(child)
        preface += child
    top.insert(1, preface)
    top.insert(2, nodes.raw("", "\\mainmatter\n", format="latex"))


LINE_CHARACTERS = 120  # about one line of a table's \footnotesize text (the preamble sets it) across the page


def column_widths(columns):
    """Widths for columns of text, in characters of one line: each at least as wide as its longest word (or an equal
    share of the line, if less), the rest of the line shared in proportion to each column's amount of text."""
    floors = [min(max((len(w) for text in column for w in text.split()), default=1) + 2,
                  LINE_CHARACTERS // len(columns)) for column in columns]
    amounts = [sum(len(text) for text in column) or 1 for column in columns]
    rest = max(LINE_CHARACTERS - sum(floors), 0)
    return [floor + round(rest * amount / sum(amounts)) for floor, amount in zip(floors, amounts)]


def tables_break_across_pages(app, doctree, docname):
    """In the LaTeX build: every table a longtable, with widths from `column_widths` unless the source gives some."""
    if app.builder.format != "latex":
        return
    for table in doctree.findall(nodes.table):
        tgroup = next(iter(table.findall(nodes.tgroup)), None)
        if tgroup is None:
            continue
        specs = [child for child in tgroup.children if isinstance(child, nodes.colspec)]
        columns = [[] for _ in specs]
        for row in tgroup.findall(nodes.row):
            for column, entry in zip(columns, row.children):
                column.append(entry.astext())
        if "colwidths-given" not in table["classes"]:
            for spec, width in zip(specs, column_widths(columns)):
                spec["colwidth"] = width
            table["classes"].append("colwidths-given")
        table["classes"].append("longtable")


def setup(app):
    app.connect("config-inited", add_metadata)
    app.connect("doctree-resolved", landing_page_as_preface)
    app.connect("doctree-resolved", tables_break_across_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
