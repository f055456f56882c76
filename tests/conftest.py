"""Shared fixtures: the book is built once per test session and read as a reader's browser would."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from evidence.checks import chart_rows, specs_in_html  # noqa: F401 (chart_rows is re-exported for tests)

ROOT = Path(__file__).resolve().parent.parent
BUILD_COMMAND = ["jupyter-book", "build", ".", "-W", "-n", "--keep-going"]


def jupyter_book(project, *extra):
    """Run the README's build command in `project` with this Python's jupyter-book; return the finished process.

    The project's own `evidence` package goes first on PYTHONPATH, so a copy of the project builds from its own
    data, not from the checkout the package was installed from.
    """
    command = [str(Path(sys.executable).parent / BUILD_COMMAND[0]), *BUILD_COMMAND[1:], *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def site():
    """The built HTML, brought up to date with the sources (an incremental build: seconds when nothing changed)."""
    result = jupyter_book(ROOT)
    assert result.returncode == 0, f"book build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def pages(site):
    """Every built page that a reader can reach, parsed: {relative path: BeautifulSoup}."""
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html")) if "_static" not in p.parts}


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
