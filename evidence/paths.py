"""Where the project's files live, so no module hard-codes a relative path."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
STATISTICS_CSV = DATA / "statistics.csv"
REFERENCES_BIB = DATA / "references.bib"
STUDIES_CSV = DATA / "studies.csv"
DATAPACKAGE = DATA / "datapackage.json"
FIGURES = ROOT / "figures"
CHAPTERS = ROOT / "chapters"
APPENDIX_DOC = "chapters/data"  # the page that holds every `stat-<id>` anchor
APPENDIX_PAGE = "data.html"  # the appendix as linked from chapter pages, which sit beside it in chapters/
BIBLIOGRAPHY_DOC = "chapters/bibliography"


def relative(path: Path) -> str:
    """A path as a reader of an error message wants it: relative to the project root when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
