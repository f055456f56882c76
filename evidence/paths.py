"""Where the book's files live, so no module hard-codes a relative path.

One source: the root of the book being built. The Sphinx extension sets it from `app.srcdir` with `use_book`, which
also exports it (EVIDENCE_BOOK_ROOT) to the notebook kernels the build starts; so a second checkout built with the
same environment reads its own data. Outside a build (tests, scripts) the root is the checkout this package sits in.
ROOT, DATA, STATISTICS_CSV and the other file paths are looked up on every use, so they follow the root.
"""
import os
from pathlib import Path

ROOT_VARIABLE = "EVIDENCE_BOOK_ROOT"
PACKAGE = Path(__file__).resolve().parent
APPENDIX_DOC = "chapters/data"  # the page that holds every `stat-<id>` anchor
APPENDIX_PAGE = "data.html"  # the appendix as linked from chapter pages, which sit beside it in chapters/
_UNDER_ROOT = {
    "DATA": "data", "STATISTICS_CSV": "data/statistics.csv", "REFERENCES_BIB": "data/references.bib",
    "STUDIES_CSV": "data/studies.csv", "DATAPACKAGE": "data/datapackage.json", "FIGURES": "figures",
    "CHAPTERS": "chapters",
}


def use_book(folder):
    """Make `folder` the root for this process and the processes it starts (notebook kernels)."""
    os.environ[ROOT_VARIABLE] = str(Path(folder).resolve())


def __getattr__(name):
    if name == "ROOT":
        return Path(os.environ.get(ROOT_VARIABLE) or PACKAGE.parent)
    if name == "SHARED":  # the team's shared folder beside the project: the source chapter and its tools
        return __getattr__("ROOT").parent / "shared"
    if name in _UNDER_ROOT:
        return __getattr__("ROOT") / _UNDER_ROOT[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def relative(path: Path) -> str:
    """A path as a reader of an error message wants it: relative to the project root when possible."""
    try:
        return str(Path(path).resolve().relative_to(__getattr__("ROOT").resolve()))
    except ValueError:
        return str(path)
