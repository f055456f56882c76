"""The Sphinx side of the book: the `{stat}` role, the statistics table, offline charts and fresh data.

- Validates the data before any page is read: bad input stops the build with file, row and column.
- ``{stat}`id` `` renders a statistic from the CSV as a link to its row in the data appendix (`stat-<id>`).
- When the data (or this package) changes, every page is re-read and myst-nb's execution cache is emptied:
  the cache hashes only code cells, so without this a rebuild republishes old numbers.
- Serves vega, vega-lite and vega-embed from the book's own static files (no CDN), only on pages that draw a
  chart, and copies the data, the
  chart figures and the PDF edition (only when it was built from the current sources) into the built site.
- The book's folder is `app.srcdir`: a second checkout built with the same environment uses its own files.
"""
import hashlib
import importlib.metadata
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from evidence import paths
from evidence.errors import DataError
from evidence.load import (load_bibliography, load_prose_corrections, load_second_coding, load_statistics, load_studies,
                           sources_text)
from evidence.nodes import stat_node, verification_report

logger = logging.getLogger(__name__)
STATIC = paths.PACKAGE / "static"
CHART_LIBRARIES = ("altair", "vl-convert-python")  # their versions shape every chart in the outputs
CACHE_STAMP = "evidence-cache-stamp.json"  # beside myst-nb's cache: what its outputs were made from
PDF_STAMP = "book.sources.sha256"  # beside the PDF edition: the sources it was built from


def _digest(files, root, *extra):
    digest = hashlib.sha256()
    for text in extra:
        digest.update(text.encode() + b"\0")
    for path in sorted(set(files)):
        if path.is_file():
            digest.update(path.resolve().relative_to(root.resolve()).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_hash():
    """One hash over what notebook outputs and rendered statistics depend on: the data package's files, this
    package's code and the chart libraries' versions (not the READMEs, nor the browser's scripts)."""
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    data = [paths.DATAPACKAGE] + [paths.DATA / r["path"] for r in package["resources"]]
    code = _digest(paths.PACKAGE.glob("*.py"), paths.PACKAGE)
    versions = [f"{name}=={importlib.metadata.version(name)}" for name in CHART_LIBRARIES]
    return _digest(data, paths.ROOT, code, *versions)


def sources_hash(env):
    """The inputs and every page's source and the book's configuration: what the PDF edition is made from."""
    pages = [Path(env.doc2path(docname)) for docname in env.found_docs]
    return _digest(pages + [paths.ROOT / name for name in ("_config.yml", "_toc.yml", "CITATION.cff")], paths.ROOT,
                   inputs_hash())


def figures_hash():
    return _digest(paths.FIGURES.glob("*.*"), paths.ROOT)


def stat_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    stat_id = text.strip()
    stats = env.app.evidence_statistics
    if stat_id not in stats.index:
        message = inliner.reporter.error(
            f"unknown statistic id {stat_id!r} in {{stat}} role: no such id in "
            f"{paths.relative(paths.STATISTICS_CSV)}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    row = stats.loc[stat_id]
    title = f"{row['measure']} — {sources_text(row['source'], env.app.evidence_bibliography)}"
    if row["hedge"]:
        title += f" — hedged in the source: “{row['hedge']}”"
    node = stat_node(rawtext, row["formatted"], stat_id=stat_id, title=title)
    return [node], []


class ResolveStatistics(SphinxPostTransform):
    """Turn each statistic into a reference to its row, for whatever builder runs (HTML or LaTeX)."""

    default_priority = 5

    def run(self, **kwargs):
        fromdoc = self.env.docname
        for node in list(self.document.findall(stat_node)):
            uri = self.app.builder.get_relative_uri(fromdoc, paths.APPENDIX_DOC) + "#stat-" + node["stat_id"]
            reference = nodes.reference("", "", nodes.Text(node.astext()), refuri=uri, internal=True,
                                        reftitle=node["title"], classes=["stat"])
            node.replace_self(reference)


def load_data(app):
    """Validate the data once per build; a DataError stops the build with its file, row and column."""
    try:
        app.evidence_statistics = load_statistics()
        app.evidence_bibliography = load_bibliography()
        app.evidence_studies = load_studies()
        app.evidence_prose_corrections = load_prose_corrections()
        load_second_coding(stats=app.evidence_statistics)
        from evidence.changelog import release_folders

        release_folders()  # a release folder not named by its version stops the build here, with its name
    except DataError as error:
        raise ExtensionError(f"bad input data, build stopped:\n{error}") from None


def _cache_stamp(app):
    return Path(app.env.mystnb_config.execution_cache_path).parent / CACHE_STAMP


def _current_outputs():
    return {"inputs": inputs_hash(), "figures": figures_hash()}


def expire_stale_outputs(app):
    """Empty myst-nb's execution cache unless it was made from the current inputs, and the figures it wrote are
    still there as it left them."""
    cache, stamp = Path(app.env.mystnb_config.execution_cache_path), _cache_stamp(app)
    made_from = json.loads(stamp.read_text()) if stamp.exists() else None
    if cache.exists() and made_from != _current_outputs():
        logger.info("[evidence] data, code or figures changed since the last build: emptying the execution cache")
        shutil.rmtree(cache)


def stamp_outputs(app, exception):
    """Record what the execution cache and figures/ were made from (read by expire_stale_outputs)."""
    if not exception:
        stamp = _cache_stamp(app)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(_current_outputs()))


def outdated_when_data_changes(app, env, added, changed, removed):
    """Re-read every page when the data changed: any page may show a statistic."""
    current = inputs_hash()
    if getattr(env, "evidence_inputs_hash", None) != current:
        env.evidence_inputs_hash = current
        return sorted(env.found_docs - set(added) - set(removed))
    # Pages drawn from the whole book (report, changelog, figure list) are read again on every build.
    return sorted(getattr(env, "evidence_always_fresh", set()) & env.found_docs - set(added) - set(removed))


def init_env(app, env, docnames):
    if not hasattr(env, "evidence_always_fresh"):
        env.evidence_always_fresh = set()


def purge_doc(app, env, docname):
    getattr(env, "evidence_always_fresh", set()).discard(docname)


def merge_info(app, env, docnames, other):
    env.evidence_always_fresh |= other.evidence_always_fresh


def stamp_pdf_sources(app, exception):
    """After the LaTeX build, before `make` turns it into the PDF: drop the old PDF and record the sources."""
    if not exception and app.builder.format == "latex":
        out = Path(app.outdir)
        (out / "book.pdf").unlink(missing_ok=True)
        (out / PDF_STAMP).write_text(sources_hash(app.env))


def current_pdf(app):
    """The PDF edition, if it was built from the current sources; else None."""
    latex = Path(app.outdir).parent / "latex"
    pdf, stamp = latex / "book.pdf", latex / PDF_STAMP
    return pdf if pdf.exists() and stamp.exists() and stamp.read_text() == sources_hash(app.env) else None


# The landing page's link to the PDF edition, and what it says instead when this build has no current PDF.
PDF_LINK = '<a href="book.pdf" download>download the PDF</a>'
NO_PDF = ('<span class="no-pdf">not in this build, which has no PDF made from its current sources (the README\'s '
          'setup command makes one)</span>')


def offer_pdf(app, out):
    """The PDF edition into the site only if it was built from the current sources; never a stale one, and never a
    link to one that is not there (the landing page's link is swapped both ways, as the build may not rewrite it)."""
    pdf = current_pdf(app)
    landing = out / "index.html"
    page = landing.read_text(encoding="utf-8") if landing.exists() else ""
    if pdf is not None:
        shutil.copy2(pdf, out / "book.pdf")
        page = page.replace(NO_PDF, PDF_LINK)
    else:
        (out / "book.pdf").unlink(missing_ok=True)
        page = page.replace(PDF_LINK, NO_PDF)
        logger.info("[evidence] no PDF edition built from the current sources: the site offers none "
                    "(build it first with --builder pdflatex, as scripts/setup-and-build.sh does)")
    if page:
        landing.write_text(page, encoding="utf-8")


def write_site_files(app, exception):
    """Vega bundle, chart figures, data files and the PDF edition into the built site (HTML only)."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    bundle = out / "_static" / "vega-bundle.js"
    marker = out / "_static" / "vega-bundle.version"
    import vl_convert

    from evidence.charts import VEGA_LITE_VERSION

    version = f"vl-convert {vl_convert.__version__}, vega-lite {VEGA_LITE_VERSION}, wrapped"
    if not bundle.exists() or not marker.exists() or marker.read_text() != version:
        # The bundle declares top-level names (`_`, `t`, ...) that clash with the theme's scripts: wrap it in a
        # function scope. It cannot be a module script, because browsers refuse those on file:// pages.
        code = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
        bundle.write_text(f"(function () {{\n{code}\n}})();\n", encoding="utf-8")
        marker.write_text(version)
    offer_pdf(app, out)
    from evidence.unusedcss import purge_site

    for name, (before, after) in purge_site(out).items():
        logger.info(f"[evidence] {name}: {before // 1024} KB -> {after // 1024} KB without the rules no page uses")
    # The theme's icon script and fonts, which no page loads any more (evidence-icons.css draws the icons): not
    # published at all.
    shutil.rmtree(out / "_static" / "vendor" / "fontawesome", ignore_errors=True)
    if (out / "_static" / "vendor").is_dir() and not any((out / "_static" / "vendor").iterdir()):
        (out / "_static" / "vendor").rmdir()
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)
    publish_linked_figures(out)
    data = out / paths.DATA.name
    data.mkdir(exist_ok=True)
    for path in paths.DATA.glob("*"):
        if path.is_file() and path.name != "README.md":
            shutil.copy2(path, data / path.name)


FIGURE_LINK = re.compile(r"figures/([\w.-]+\.(?:svg|png|csv))")


def publish_linked_figures(out):
    """The site's figures/ holds exactly the chart files its pages link: figures/ in the project also keeps the exports
    of charts renamed or dropped since an earlier build, which must not be published as if they were current."""
    linked = {name for page in out.rglob("*.html") for name in FIGURE_LINK.findall(page.read_text(encoding="utf-8"))}
    target = out / paths.FIGURES.name
    target.mkdir(exist_ok=True)
    for path in target.iterdir():
        if path.name not in linked:
            path.unlink()
    for name in linked:
        if (paths.FIGURES / name).is_file():
            shutil.copy2(paths.FIGURES / name, target / name)


def drop_cdn_scripts(app, pagename, templatename, context, doctree):
    """sphinx-thebe (a Jupyter Book default) puts a CDN address on every page; the book runs no live code."""
    def from_cdn(script):
        text = f"{getattr(script, 'filename', '') or ''} {getattr(script, 'attributes', {}).get('body', '')}"
        return "thebe" in text

    if "script_files" in context:
        # In place: the list is the builder's, to which add_page_scripts (app.add_js_file) adds a page's scripts.
        context["script_files"][:] = [s for s in context["script_files"] if not from_cdn(s)]


def add_page_scripts(app, pagename, templatename, context, doctree):
    """Each script only on the pages that use it: the chart script where a chart is drawn (it fetches vega, 877 KB,
    when a chart comes near the screen), the filters on the data appendix."""
    body = context.get("body", "")
    if 'class="evidence-chart' in body:
        app.add_js_file("evidence-charts.js", loading_method="defer")
    # The extensions' files, on the pages that have what they style or drive (copy buttons on code blocks, toggles,
    # sphinx-design's components, notebook cells, highlighted code).
    needs = {"sphinx-design.min.css": "sd-", "design-tabs.js": "sd-tab", "clipboard.min.js": "<pre",
             "copybutton.js": "<pre", "copybutton.css": "<pre", "togglebutton.js": "toggle",
             "togglebutton.css": "toggle", "pygments.css": 'class="highlight', "mystnb.": 'class="cell'}
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [f for f in context[key] if not any(
                name in (getattr(f, "filename", "") or "") and marker not in body for name, marker in needs.items())]
    if 'class="evidence-filter' in body:
        app.add_js_file("evidence-appendix.js", loading_method="defer")


def defer_scripts(app, pagename, templatename, context, doctree):
    """The theme's and extensions' script files run after the page is parsed, instead of holding up its first paint
    (they wait for DOMContentLoaded anyway; deferred scripts keep their order). documentation_options.js stays
    first and blocking: the inline scripts after it set its fields. Not on the search page, whose own blocking
    search scripts need doctools.js first."""
    from sphinx.builders.html._assets import _JavaScript

    if pagename == "search":
        return

    scripts = context.get("script_files", [])
    for index, script in enumerate(scripts):
        name = getattr(script, "filename", "") or ""
        attributes = dict(getattr(script, "attributes", {}))
        if (name and not name.startswith(("http:", "https:")) and "documentation_options" not in name
                and "async" not in attributes and "defer" not in attributes and "body" not in attributes):
            scripts[index] = _JavaScript(name, priority=script.priority, **attributes, defer="defer")


def fix_bibliography_roles(app, pagename, templatename, context, doctree):
    """docutils marks citations role="doc-biblioentry", a role ARIA has deprecated, inside a role="list":
    screen readers then find a list without items. Mark them as list items."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def add_static_and_templates(app, config):
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(paths.PACKAGE / "templates"))


def setup(app):
    paths.use_book(app.srcdir)  # first: the changelog module binds its paths when imported
    from evidence.changelog import ProseCorrections, StatisticsChangelog
    from evidence.report import VerificationReport, fill_report
    from evidence.stats_table import (ChartDownloads, DataDictionary, StatisticsTable, depart_stat_row,
                                      depart_stat_row_html, stat_row, visit_stat_row, visit_stat_row_html)

    app.add_node(stat_node)  # always replaced by ResolveStatistics before writing
    app.add_role("stat", stat_role)
    app.add_directive("statistics-table", StatisticsTable)
    app.add_directive("data-dictionary", DataDictionary)
    app.add_directive("chart-downloads", ChartDownloads)
    app.add_directive("statistics-changelog", StatisticsChangelog)
    app.add_directive("prose-corrections", ProseCorrections)
    other = (visit_stat_row, depart_stat_row)
    app.add_node(stat_row, html=(visit_stat_row_html, depart_stat_row_html), latex=other, text=other, man=other,
                 texinfo=other)
    app.add_directive("verification-report", VerificationReport)
    app.add_node(verification_report)  # always replaced by fill_report before writing
    app.connect("doctree-resolved", fill_report)
    app.add_post_transform(ResolveStatistics)
    app.connect("config-inited", add_static_and_templates)
    app.connect("builder-inited", load_data)
    app.connect("builder-inited", expire_stale_outputs, priority=900)  # after myst-nb set the cache path
    app.connect("env-before-read-docs", init_env)
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("build-finished", write_site_files)
    app.connect("build-finished", stamp_outputs)
    app.connect("build-finished", stamp_pdf_sources)
    app.connect("html-page-context", drop_cdn_scripts)
    app.connect("html-page-context", fix_bibliography_roles)
    app.connect("html-page-context", add_page_scripts)
    app.connect("html-page-context", defer_scripts, priority=900)  # after every script has been added
    app.add_css_file("evidence-icons.css")
    app.add_css_file("evidence.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
