"""The PDF edition's shape and metadata (LaTeX builder only; the HTML book is untouched).

- The landing page is front matter: its opening text and its sections become one unnumbered "Preface" chapter
  between the table of contents and the first chapter (`\\frontmatter` ... `\\mainmatter`, book class), instead of
  one numbered chapter per section.
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


def setup(app):
    app.connect("config-inited", add_metadata)
    app.connect("doctree-resolved", landing_page_as_preface)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
