"""The Sphinx side of the book: the `{stat}` role, the statistics table, offline charts and fresh data.

- Validates the data before any page is read: bad input stops the build with file, row and column.
- ``{stat}`id` `` renders a statistic from the CSV as a link to its row in the data appendix (`stat-<id>`).
- When the data (or this package) changes, every page is re-read and myst-nb's execution cache is emptied:
  the cache hashes only code cells, so without this a rebuild republishes old numbers.
- Serves vega, vega-lite and vega-embed from the book's own static files (no CDN), and copies the data and
  the chart figures into the built site for download.
"""
import hashlib
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from evidence import paths
from evidence.errors import DataError
from evidence.load import load_bibliography, load_statistics, load_studies, sources_text
from evidence.changelog import StatisticsChangelog
from evidence.citing import HowToCite, add_cite_this_page
from evidence.report import VerificationReport, fill_report, verification_report
from evidence.stats_table import ChartDownloads, DataDictionary, StatisticsTable

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
VEGA_LITE_VERSION = "6.4"  # the Vega-Lite major.minor that Altair's schema targets (alt.SCHEMA_VERSION)
HASHED_INPUTS = ("data/*", "evidence/*.py", "evidence/static/*")


def inputs_hash():
    """One hash over the data and this package: what notebook outputs and rendered statistics depend on."""
    digest = hashlib.sha256()
    for pattern in HASHED_INPUTS:
        for path in sorted(paths.ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(paths.ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class stat_node(nodes.Inline, nodes.TextElement):
    """A statistic in prose, resolved to a link once the builder knows where the appendix page is."""


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
    env.evidence_stat_uses.setdefault(env.docname, []).append(stat_id)
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
    except DataError as error:
        raise ExtensionError(f"bad input data, build stopped:\n{error}") from None


def expire_stale_outputs(app):
    """Empty myst-nb's execution cache when the data changed since the cached outputs were made."""
    cache = Path(app.env.mystnb_config.execution_cache_path)
    stamp = cache.parent / "evidence-inputs.sha256"
    current = inputs_hash()
    figures_missing = not any(paths.FIGURES.glob("*.svg"))
    if cache.exists() and (figures_missing or not stamp.exists() or stamp.read_text() != current):
        logger.info("[evidence] data changed since the last build: emptying the execution cache")
        shutil.rmtree(cache)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


def outdated_when_data_changes(app, env, added, changed, removed):
    """Re-read every page when the data changed: any page may show a statistic."""
    current = inputs_hash()
    if getattr(env, "evidence_inputs_hash", None) != current:
        env.evidence_inputs_hash = current
        return sorted(env.found_docs - set(added) - set(removed))
    # Pages drawn from the whole book (report, changelog, figure list) are read again on every build.
    return sorted(getattr(env, "evidence_always_fresh", set()) & env.found_docs - set(added) - set(removed))


def init_env(app, env, docnames):
    if not hasattr(env, "evidence_stat_uses"):
        env.evidence_stat_uses = {}
    if not hasattr(env, "evidence_always_fresh"):
        env.evidence_always_fresh = set()


def purge_doc(app, env, docname):
    getattr(env, "evidence_stat_uses", {}).pop(docname, None)
    getattr(env, "evidence_always_fresh", set()).discard(docname)


def merge_info(app, env, docnames, other):
    env.evidence_stat_uses.update({d: other.evidence_stat_uses[d] for d in docnames if d in other.evidence_stat_uses})
    env.evidence_always_fresh |= other.evidence_always_fresh


def write_site_files(app, exception):
    """Vega bundle, chart figures and data files into the built site (HTML only)."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    bundle = out / "_static" / "vega-bundle.js"
    marker = out / "_static" / "vega-bundle.version"
    import vl_convert

    version = f"vl-convert {vl_convert.__version__}, vega-lite {VEGA_LITE_VERSION}, wrapped"
    if not bundle.exists() or not marker.exists() or marker.read_text() != version:
        # The bundle declares top-level names (`_`, `t`, ...) that clash with the theme's scripts: wrap it in a
        # function scope. It cannot be a module script, because browsers refuse those on file:// pages.
        code = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
        bundle.write_text(f"(function () {{\n{code}\n}})();\n", encoding="utf-8")
        marker.write_text(version)
    pdf = paths.ROOT / "_build" / "latex" / "book.pdf"
    if pdf.exists():  # the PDF edition, built first by scripts/setup-and-build.sh
        shutil.copy2(pdf, out / "book.pdf")
    for folder, pattern in ((paths.FIGURES, "*.*"), (paths.DATA, "*")):
        target = out / folder.name
        target.mkdir(exist_ok=True)
        for path in folder.glob(pattern):
            if path.is_file() and path.name != "README.md":
                shutil.copy2(path, target / path.name)


def drop_cdn_scripts(app, pagename, templatename, context, doctree):
    """sphinx-thebe (a Jupyter Book default) puts a CDN address on every page; the book runs no live code."""
    def from_cdn(script):
        text = f"{getattr(script, 'filename', '') or ''} {getattr(script, 'attributes', {}).get('body', '')}"
        return "thebe" in text

    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not from_cdn(s)]


def fix_bibliography_roles(app, pagename, templatename, context, doctree):
    """docutils marks citations role="doc-biblioentry", a role ARIA has deprecated, inside a role="list":
    screen readers then find a list without items. Mark them as list items."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def et_al(app, doctree, docname):
    """BibTeX's "and others" means "et al."; sphinxcontrib-bibtex prints it word for word when only one author is
    named ("Donetto and others, 2014"). Reword it in citations and bibliography entries only."""
    def is_citation(node):
        while node is not None:
            if isinstance(node, nodes.citation) or (
                    isinstance(node, nodes.reference) and paths.BIBLIOGRAPHY_DOC.rsplit("/", 1)[-1] in node.get("refuri", "")):
                return True
            node = node.parent
        return False

    for text in list(doctree.findall(nodes.Text)):
        if " and others" in text and is_citation(text.parent):
            text.parent.replace(text, nodes.Text(text.replace(" and others.", " et al.").replace(" and others", " et al.")))
    for reference in doctree.findall(nodes.reference):
        if " and others" in reference.get("reftitle", ""):
            reference["reftitle"] = reference["reftitle"].replace(" and others.", " et al.").replace(" and others", " et al.")


def add_static_and_templates(app, config):
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(Path(__file__).parent / "templates"))


def setup(app):
    app.add_node(stat_node)  # always replaced by ResolveStatistics before writing
    app.add_role("stat", stat_role)
    app.add_directive("statistics-table", StatisticsTable)
    app.add_directive("data-dictionary", DataDictionary)
    app.add_directive("chart-downloads", ChartDownloads)
    app.add_directive("how-to-cite", HowToCite)
    app.add_directive("statistics-changelog", StatisticsChangelog)
    app.add_directive("verification-report", VerificationReport)
    app.add_node(verification_report)  # always replaced by fill_report before writing
    app.connect("doctree-read", add_cite_this_page)
    app.connect("doctree-resolved", fill_report)
    app.connect("doctree-resolved", et_al)
    app.add_post_transform(ResolveStatistics)
    app.connect("config-inited", add_static_and_templates)
    app.connect("builder-inited", load_data)
    app.connect("builder-inited", expire_stale_outputs, priority=900)  # after myst-nb set the cache path
    app.connect("env-before-read-docs", init_env)
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("build-finished", write_site_files)
    app.connect("html-page-context", drop_cdn_scripts)
    app.connect("html-page-context", fix_bibliography_roles)
    app.add_js_file("vega-bundle.js", loading_method="defer")
    app.add_js_file("evidence-charts.js", loading_method="defer")
    app.add_js_file("evidence-appendix.js", loading_method="defer")
    app.add_css_file("evidence.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
