"""Shared fixtures: the book is built once per test session and read as a reader's browser would."""
import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from evidence import paths
from evidence.checks import chart_rows, specs_in_html  # noqa: F401 (chart_rows is re-exported for tests)

ROOT = Path(__file__).resolve().parent.parent
paths.use_book(ROOT)  # the tests read the checkout they belong to, whichever checkout installed the package
BUILD_COMMAND = ["jupyter-book", "build", ".", "-W", "-n", "--keep-going"]


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
    """The PDF edition, built after the HTML (an incremental build when the book is current)."""
    result = jupyter_book(ROOT, "--builder", "pdflatex")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = jupyter_book(ROOT)  # again, so the site offers this PDF (as scripts/setup-and-build.sh does)
    assert html.returncode == 0, html.stdout[-3000:] + html.stderr[-3000:]
    return ROOT / "_build" / "latex" / "book.pdf"


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


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project's sources (no build output, no virtualenv) for tests that change files."""
    target = tmp_path / "book"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "*.egg-info",
                                                                 "__pycache__", ".pytest_cache", "figures"))
    (target / "figures").mkdir()
    return target
