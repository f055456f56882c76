"""Shared fixtures: the book is built once per test session and read as a reader's browser would."""
import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from evidence import paths
from evidence.checks import chart_rows, specs_in_html  # noqa: F401 (chart_rows is re-exported for tests)
from evidence.format import format_statistic
from evidence.sphinx_ext import PDF_STAMP

ROOT = Path(__file__).resolve().parent.parent
paths.use_book(ROOT)  # the tests read the checkout they belong to, whichever checkout installed the package
BUILD_COMMAND = ["jupyter-book", "build", ".", "-W", "-n", "--keep-going"]


# A test that uses one of these needs a book built for it, or a browser: it is in the full suite only, not in the
# fast lane (`pytest -m "not slow"`), which still reads the built site, the data, the prose and the package's helpers.
SLOW_FIXTURES = {"pdf", "edited_book", "published", "built_copy", "browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def jupyter_book(project, *extra, env=None):
    """Run the README's build command in `project` with this Python's jupyter-book; return the finished process.

    Nothing else: the build takes the book's folder from Sphinx (app.srcdir), so a copy of the project builds from
    its own data with the same environment (plus `env`, such as the publishing settings).
    """
    command = [str(Path(sys.executable).parent / BUILD_COMMAND[0]), *BUILD_COMMAND[1:], *extra]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def site():
    """The built HTML, brought up to date with the sources (an incremental build: seconds when nothing changed)."""
    result = jupyter_book(ROOT)
    assert result.returncode == 0, f"book build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def pdf(site):
    """The PDF edition of the current sources, built at most once per session.

    The `site` build has just decided, with the book's own check (evidence.sphinx_ext.current_pdf: a hash of every
    page, the configuration, the data and the package's code), whether _build/latex/book.pdf is current, and
    copied it into the site only if it is. A current PDF (as scripts/setup-and-build.sh or the benchmark leave it)
    is read as it is; otherwise it is built, then the HTML again so that the site offers it. EVIDENCE_REBUILD_PDF=1
    builds it anyway (after a TeX Live or Sphinx upgrade, which the hash does not see).
    """
    latex = ROOT / "_build" / "latex"
    offered, built = site / "book.pdf", latex / "book.pdf"
    current = (offered.exists() and built.exists() and (latex / "book.log").exists()
               and offered.read_bytes() == built.read_bytes())
    if not current or os.environ.get("EVIDENCE_REBUILD_PDF") == "1":
        result = jupyter_book(ROOT, "--builder", "pdflatex")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        html = jupyter_book(ROOT)  # again, so the site offers this PDF (as scripts/setup-and-build.sh does)
        assert html.returncode == 0, html.stdout[-3000:] + html.stderr[-3000:]
    assert offered.exists(), "the site does not offer the PDF edition just built"
    return built


@pytest.fixture(scope="session")
def pages(site):
    """Every built page that a reader can reach, parsed: {relative path: BeautifulSoup}."""
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html")) if "_static" not in p.parts}


def write_rows(path, rows):
    """Write CSV rows (dicts, columns in the order of the first) the way the project's data files are written."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def source_required():
    """CI (CI=true) must compare the quotes with the source chapter; elsewhere its absence is a skip with a reason.

    A CI that cannot hold the source text (the public GitHub workflow: the chapter is not ours to publish) says so,
    with its reason, in EVIDENCE_NO_SOURCE_TEXT; the skip then carries that reason instead of passing silently.
    """
    return os.environ.get("CI") == "true" and not os.environ.get("EVIDENCE_NO_SOURCE_TEXT")


def chart_specs(soup):
    """(chart id, Vega-Lite spec) for every chart on a page."""
    return specs_in_html(str(soup))


SOURCES_ONLY = shutil.ignore_patterns("_build", ".venv", ".git", "*.egg-info", "__pycache__", ".pytest_cache",
                                     "node_modules", "figures")


def copy_sources(target):
    """A copy of the project's sources (no build output, no virtualenv, an empty figures/)."""
    shutil.copytree(ROOT, target, ignore=SOURCES_ONLY)
    (target / "figures").mkdir()
    return target


def copy_built(target):
    """A copy of the project as the setup command leaves it: its sources, the notebooks' outputs (execution cache,
    its stamp and figures/, so a build of unchanged data executes nothing) and the current PDF edition with its
    stamp (so the copy's site offers it while its sources are the same). Sphinx's environment is not copied: it
    belongs to the folder it was made in."""
    copy_sources(target)
    shutil.copytree(ROOT / "figures", target / "figures", dirs_exist_ok=True)
    build = ROOT / "_build"
    if (build / ".jupyter_cache").is_dir():
        shutil.copytree(build / ".jupyter_cache", target / "_build" / ".jupyter_cache")
    for name in ("evidence-cache-stamp.json", "latex/book.pdf", f"latex/{PDF_STAMP}"):
        if (build / name).exists():
            (target / "_build" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(build / name, target / "_build" / name)
    return target


def built_pages(html):
    """{relative path: BeautifulSoup} for every page of a built site."""
    return {p.relative_to(html).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(html.rglob("*.html")) if "_static" not in p.parts}


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project's sources (no build output, no virtualenv) for tests that change files."""
    return copy_sources(tmp_path / "book")


@pytest.fixture
def built_copy(tmp_path, site):
    """A copy of the project with its notebooks' outputs (current: `site` has just built them), for a test that
    changes a page."""
    return copy_built(tmp_path / "book")


# -- the shared rebuilds: each copy of the book is built once per session, and every test that reads it shares it --

# The address a published build of the tests' copy gets: a placeholder, never the book's (it has none yet).
PUBLISHED = {"EVIDENCE_BASEURL": "https://example.org/evidence-book/",
             "EVIDENCE_REPOSITORY": "https://github.com/example-team/evidence-book"}


def add_row(project):
    """A new, valid public-safety co-design statistic, appended to the copy's CSV; returns its id."""
    path = project / "data" / "statistics.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    template = next(r for r in rows if r["id"] == "public-safety-eu-survey-lock-doors")
    rows.append({**template, "id": "public-safety-test-extra-row", "co": "co-design", "pathway": "none",
                 "measure": "A statistic added by a test"})
    write_rows(path, rows)
    return "public-safety-test-extra-row"


def shown_in_prose(pages, stat_id):
    return {a.get_text() for soup in pages.values() for a in soup.select(f"a.stat[href$='#stat-{stat_id}']")}


def edit_value(project, stat_id):
    """Add one to an exact percentage, in value, as_written and quote alike (so the row stays valid); return the
    value as the book now prints it."""
    path = project / "data" / "statistics.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    row = next(r for r in rows if r["id"] == stat_id)
    old, new = row["as_written"], f"{float(row['value']) + 1:g}%"
    row.update(value=f"{float(row['value']) + 1:g}", as_written=new, quote=row["quote"].replace(old, new))
    write_rows(path, rows)
    return format_statistic({**row, "value_high": None})


def percentage_in_prose_and_chart(pages):
    """A statistic that the book prints in prose and draws in a chart, as an exact percentage."""
    in_prose = {a["href"].split("#stat-")[1] for soup in pages.values() for a in soup.select("a.stat")}
    in_charts = {row.get("stat_id") for soup in pages.values() for _, spec in chart_specs(soup) for row in chart_rows(spec)}
    return next(i for i in sorted(in_prose & in_charts) if shown_in_prose(pages, i) and
                next(iter(shown_in_prose(pages, i))).endswith("%") and next(iter(shown_in_prose(pages, i)))[0].isdigit())


class BackgroundBuild:
    """The README's build command, started now in `project` with its output to a file; `wait()` returns what
    jupyter_book returns. Two copies build at once, on both cores, while the tests between them run."""

    def __init__(self, project, env=None):
        self.log = project.parent / "build.log"
        command = [str(Path(sys.executable).parent / BUILD_COMMAND[0]), *BUILD_COMMAND[1:]]
        with self.log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, text=True,
                                            env={**os.environ, **(env or {})})

    def wait(self):
        self.process.wait()
        return SimpleNamespace(returncode=self.process.returncode, stdout=self.log.read_text(encoding="utf-8"),
                               stderr="")


@pytest.fixture(scope="session")
def copies(request, tmp_path_factory, pages, pdf):
    """The copies of the book that the selected tests read, each prepared and its build started at once: one after
    two data edits (a new row, and one value changed that the prose and a chart show), and one with unchanged
    sources built with the publishing settings. Both start from the book's own outputs (execution cache, figures and
    its current PDF edition)."""
    wanted = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    builds = SimpleNamespace(edited=None, published=None)
    if "edited_book" in wanted:
        project = copy_built(tmp_path_factory.mktemp("edited") / "book")
        new_row = add_row(project)
        stat_id = percentage_in_prose_and_chart(pages)
        new_value = edit_value(project, stat_id)
        builds.edited = SimpleNamespace(project=project, build=BackgroundBuild(project), new_row=new_row,
                                        stat_id=stat_id, old_value=shown_in_prose(pages, stat_id), new_value=new_value)
    if "published" in wanted:
        project = copy_built(tmp_path_factory.mktemp("published") / "book")
        builds.published = SimpleNamespace(project=project, build=BackgroundBuild(project, env=PUBLISHED))
    yield builds
    for copy in (builds.edited, builds.published):  # a session cut short leaves no build running
        if copy is not None and copy.build.process.poll() is None:
            copy.build.process.kill()
            copy.build.process.wait()


def finished(copy):
    result = copy.build.wait()
    assert result.returncode == 0, result.stdout[-6000:]
    copy.html = copy.project / "_build" / "html"
    copy.pages = built_pages(copy.html)
    return copy


@pytest.fixture(scope="session")
def edited_book(copies):
    """The edited copy, built once: the tests of what a data edit reaches all read this build."""
    return finished(copies.edited)


@pytest.fixture(scope="session")
def published(copies):
    """The copy built as the publishing workflow builds it, with its address and repository set (a placeholder):
    (its site folder, its pages)."""
    copy = finished(copies.published)
    return copy.html, copy.pages
