"""Load the book's data once, validated, in the shapes the chapters and the extension use."""
import functools
import re

import pandas as pd
from pybtex.backends.plaintext import Backend as PlainTextBackend

from evidence import paths
from evidence.bibliography import load_bibliography
from evidence.errors import DataError
from evidence.format import format_statistic
from evidence.validate import (REVIEW_KEY, source_keys, validate_prose_corrections, validate_second_coding,
                               validate_statistics, validate_studies)


@functools.lru_cache(maxsize=4)
def _statistics(path, mtime_ns, bib_path, bib_mtime_ns, schema_mtime_ns):
    rows = validate_statistics(path, set(load_bibliography(bib_path).entries))
    frame = pd.DataFrame(rows).set_index("id", drop=False)
    for column in ("value", "value_high"):
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
    frame["formatted"] = [format_statistic(row) for row in frame.to_dict("records")]
    return frame


def load_statistics(path=None, bib_path=None):
    """All statistics, validated, indexed by id, with a `formatted` column (what a reader sees)."""
    path, bib_path = path or paths.STATISTICS_CSV, bib_path or paths.REFERENCES_BIB
    if not path.exists():
        raise DataError(paths.relative(path), None, None, "file not found")
    return _statistics(path, path.stat().st_mtime_ns, bib_path, bib_path.stat().st_mtime_ns,
                       paths.DATAPACKAGE.stat().st_mtime_ns).copy()


@functools.lru_cache(maxsize=4)
def _studies(path, mtime_ns, bib_path, bib_mtime_ns, schema_mtime_ns):
    rows = validate_studies(path, set(load_bibliography(bib_path).entries))
    frame = pd.DataFrame(rows).set_index("key", drop=False)
    frame["by_review_author"] = frame["by_review_author"] == "true"
    return frame


def load_studies(path=None, bib_path=None):
    """One row per work of references.bib, validated, indexed by key: what kind of study each is."""
    path, bib_path = path or paths.STUDIES_CSV, bib_path or paths.REFERENCES_BIB
    if not path.exists():
        raise DataError(paths.relative(path), None, None, "file not found")
    return _studies(path, path.stat().st_mtime_ns, bib_path, bib_path.stat().st_mtime_ns,
                    paths.DATAPACKAGE.stat().st_mtime_ns).copy()


def load_prose_corrections(path=None):
    """The log of corrections to the book's prose, validated: [{release, page, was, now, why}]."""
    return validate_prose_corrections(path or paths.DATA / "prose-corrections.csv")


def load_second_coding(path=None, stats=None, column="evidence_of"):
    """The second, independent coding of evidence_of, validated: {statistic id: code}. With column="first_coding",
    the first coding as it stood when the two were compared (statistics.csv may have been revised since)."""
    stats = load_statistics() if stats is None else stats
    rows = validate_second_coding(path or paths.DATA / "evidence-of-second-coding.csv", set(stats.index))
    return {row["id"]: row[column] for row in rows}


# One plain-text backend for every name: pybtex's render_as("text") looks the backend up among the installed
# packages' entry points on every call (some 20 ms each, hundreds of times per build).
PLAIN_TEXT = PlainTextBackend()


def author_year(key, bibliography=None):
    """'Donetto et al. (2014)' for a bibliography key: the short form used in tooltips and tables, names decoded from
    LaTeX ('L{\\"o}ffler' is 'Löffler')."""
    entry = (bibliography or load_bibliography()).entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        names = re.sub(r"[{}]", "", entry.fields.get("author", key))
    else:
        last = [" ".join(part.render(PLAIN_TEXT) for part in p.rich_last_names) for p in people]
        if len(last) > 2 or last[-1] == "others":  # BibTeX's "and others" is "et al."
            names = f"{last[0]} et al."
        else:
            names = " and ".join(last)
    return f"{names} ({entry.fields.get('year', 'n.d.')})"


def sources_text(source, bibliography=None):
    """The `source` column ('a2014; b2015') as readable author-year text."""
    return "; ".join(author_year(k, bibliography) for k in source_keys(source))


def primary_studies(sources):
    """The distinct primary studies behind some `source` cells (the review itself not counted)."""
    return set(source_keys(*sources)) - {REVIEW_KEY}
