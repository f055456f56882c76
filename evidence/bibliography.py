"""Read data/references.bib. A module of its own so that load and validate both use it without importing each other."""
import functools

from pybtex.database import PybtexError, parse_file

from evidence import paths
from evidence.errors import DataError


@functools.lru_cache(maxsize=4)
def _bibliography(path, mtime_ns):
    try:
        return parse_file(str(path), bib_format="bibtex")
    except (PybtexError, OSError) as error:
        raise DataError(paths.relative(path), None, None, f"cannot read the bibliography: {error}") from None


def load_bibliography(path=None):
    """The parsed references.bib (pybtex BibliographyData), re-read only when the file changes."""
    path = path or paths.REFERENCES_BIB
    if not path.exists():
        raise DataError(paths.relative(path), None, None, "file not found")
    return _bibliography(path, path.stat().st_mtime_ns)
