"""The verification report: what this build checked, counted and passed, using the checks the tests use.

The report is filled in when the page is written, after every page has been read, so it can count the numbers
rendered in prose and the rows behind every chart across the whole book. A failed check also raises a warning,
which fails the strict build.
"""
import datetime
import hashlib
import os
import re
import subprocess

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

from evidence import paths
from evidence.checks import chart_disagreements, chart_rows, specs_in_html, statistic_disagreements
from evidence.errors import DataError
from evidence.hedges import dropped_hedges
from evidence.nodes import stat_node, verification_report
from evidence.prose import statistic_sentences, stray_numbers
from evidence.stats_table import row_of, table
from evidence.validate import source_keys, validate_statistics

logger = logging.getLogger(__name__)


def source_chapter():
    """The source chapter beside the project (../shared/source), or None (the report then says it was not used)."""
    path = paths.SHARED / "source" / "loeffler-2020-coproduction.txt"
    return path if path.exists() else None


def commit():
    """The commit this copy of the book was built from ('<sha>', with a note when files differ from it), or 'not a git
    checkout'."""
    def git(*args):
        return subprocess.run(["git", "-C", str(paths.ROOT), *args], capture_output=True, text=True, timeout=30)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0 or git("rev-parse", "--show-toplevel").stdout.strip() != str(paths.ROOT.resolve()):
            return "not a git checkout"
        dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout (git is not available)"
    return head.stdout.strip() + (" (with uncommitted changes to tracked files)" if dirty else "")


def build_date():
    """When this report was made, in UTC (SOURCE_DATE_EPOCH, if set, for a reproducible build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def source_identity():
    """'<file name>, SHA-256 <hex>' of the source text the quotes were checked against, or why there is none."""
    source = source_chapter()
    if source is None:
        return ("not available: the source text is not beside the project on this build, so the quotes were not "
                "compared with it")
    return f"{source.name}, SHA-256 {hashlib.sha256(source.read_bytes()).hexdigest()}"


STAMP = ("Commit", "Build date", "Source text checked")
NOT_CHECKED = ("What this report does not check: judgements of meaning. Whether a statistic's tags (sector, Co, "
               "pathway, what it is evidence of) and a study's kind are right, whether the study credited is the one the "
               "review credits, and whether the prose says what the source says (beyond its numbers and hedges) are "
               "checked by people reading the book against the source, not by this build.")


class VerificationReport(Directive):
    def run(self):
        env = self.state.document.settings.env
        env.evidence_always_fresh.add(env.docname)
        return [verification_report()]


def quotes_not_in_source(stats, source_text):
    """Ids whose quote does not stand verbatim in the source (whitespace normalised, as check-quotes does)."""
    text = re.sub(r"\s+", " ", source_text)
    return [i for i, quote in stats["quote"].items() if re.sub(r"\s+", " ", quote).strip() not in text]


def validation_problems(bib_keys):
    """The validation the build started with, run again: [(column, problem)] for data/statistics.csv."""
    try:
        validate_statistics(paths.STATISTICS_CSV, bib_keys)
    except DataError as error:
        return [(p.column, f"{p.location()}: {p.message}") for p in error.problems]
    return []


def missing_figures(chart_ids):
    """Charts without both static figures (figures/<id>.svg and .png)."""
    return [c for c in chart_ids if not all((paths.FIGURES / f"{c}.{kind}").exists() for kind in ("svg", "png"))]


def data_downloads_that_differ(charts):
    """Charts whose figures/<id>.csv is missing or is not exactly the data the chart draws."""
    import pandas as pd

    from evidence.charts import chart_data, csv_cell

    problems = []
    for _, chart_id, spec in charts:
        path = paths.FIGURES / f"{chart_id}.csv"
        if not path.exists():
            problems.append(f"{chart_id}: no figures/{chart_id}.csv")
            continue
        expected = chart_data(spec).map(csv_cell).astype(str)
        found = pd.read_csv(path, dtype=str, keep_default_na=False)
        if list(found.columns) != list(expected.columns) or found.values.tolist() != expected.values.tolist():
            problems.append(f"{chart_id}: figures/{chart_id}.csv is not the chart's data")
    return problems


def _rendered_statistics(env):
    shown = []
    for docname in sorted(env.found_docs):
        for node in env.get_doctree(docname).findall(stat_node):
            shown.append((docname, node["stat_id"], node.astext()))
    return shown


def _charts(env):
    found = []
    for docname in sorted(env.found_docs):
        for raw in env.get_doctree(docname).findall(nodes.raw):
            if "evidence-chart-spec" in raw.astext():
                found += [(docname, chart_id, spec) for chart_id, spec in specs_in_html(raw.astext())]
    return found


def checks(app):
    """[(check, count, problems)] for this build."""
    env, stats = app.env, app.evidence_statistics
    keys = set(source_keys(*stats["source"]))
    invalid = validation_problems(set(app.evidence_bibliography.entries))
    shown = _rendered_statistics(env)
    charts = _charts(env)
    chart_problems = [p for _, chart_id, spec in charts for p in chart_disagreements(chart_id, spec, stats)]
    rows_behind = {r.get("stat_id") or tuple(r["stat_ids"]) for _, _, spec in charts
                   for r in chart_rows(spec)}
    pages = sorted(paths.CHAPTERS.glob("*.md")) + [paths.ROOT / "index.md"]
    strays = [f"{paths.relative(p)}:{line}" for p in pages for line, _ in stray_numbers(p)]
    hedged = {i for i in stats.index if stats.loc[i, "hedge"]}
    hedged_sentences = [s for p in pages for s in statistic_sentences(p) if s[1] in hedged]
    figures = missing_figures([c for _, c, _ in charts])
    result = [
        ("Statistics validated against data/datapackage.json and the cross-column rules", len(stats),
         [p for _, p in invalid]),
        ("Values that agree with the number as the source writes it", len(stats),
         [p for column, p in invalid if column in ("value", "value_high", "as_written")]),
        ("Quotes that contain their number", len(stats), [p for column, p in invalid if column == "quote"]),
        ("Bibliography keys of the statistics resolved in data/references.bib", len(keys),
         sorted(keys - set(app.evidence_bibliography.entries))),
        ("Numbers rendered in prose from the CSV", len(shown), statistic_disagreements(shown, stats)),
        ("Distinct statistics rendered in prose", len({i for _, i, _ in shown}), []),
        ("Chapter pages scanned for hand-typed numbers", len(pages), strays),
        ("Sentences that print a figure the source hedges, and keep a hedge of the same force",
         len(hedged_sentences), [p for page in pages for p in dropped_hedges(page, stats)]),
        ("Charts whose data equal the CSV rows they name", len(charts), chart_problems),
        ("Rows (or counted cells) behind those charts", len(rows_behind), []),
        ("Charts with static SVG and PNG figures", len(charts) - len(figures), figures),
        ("Charts whose downloadable CSV is exactly the data they draw", len(charts), data_downloads_that_differ(charts)),
        ("Works of data/references.bib coded by kind in data/studies.csv", len(app.evidence_studies),
         sorted(set(app.evidence_bibliography.entries) - set(app.evidence_studies.index))),
    ]
    source = source_chapter()
    if source:
        result.append(("Quotes found verbatim in the source chapter", len(stats),
                       quotes_not_in_source(stats, source.read_text(encoding="utf-8"))))
    return result


def fill_report(app, doctree, docname):
    for placeholder in list(doctree.findall(verification_report)):
        stamp, stamp_body = table(("Build", "Value"), (25, 75))
        stamp["classes"].append("verification-stamp")
        for name, value in zip(STAMP, (commit(), build_date(), source_identity())):
            stamp_body += row_of([nodes.paragraph(text=name), nodes.paragraph(text=value)])
        rows = checks(app)
        report, body = table(("Check", "Count", "Result"), (60, 10, 30))
        report["classes"].append("verification-report")
        for check, count, problems in rows:
            result = "passed" if not problems else "FAILED: " + "; ".join(problems[:5])
            body += row_of([nodes.paragraph(text=text) for text in (check, str(count), result)])
            for problem in problems:
                logger.warning(f"verification failed: {check}: {problem}", location=docname)
        verdict = "Every check passed." if not any(p for _, _, p in rows) else "Some checks failed."
        if not source_chapter():
            verdict += (" The quotes were not compared with the source chapter on this build: its text is not beside"
                        " the project (the tests compare them where it is).")
        placeholder.replace_self([stamp, report, nodes.paragraph(text=verdict), nodes.paragraph(text=NOT_CHECKED)])
