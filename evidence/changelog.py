"""The statistics changelog, the register of published ids, and the log of corrections to the book's prose.

Each released version keeps a snapshot of the table in data/releases/<version>/statistics.csv. The changelog is the
difference between consecutive snapshots, and between the last one and the current table ("unreleased"), in every
column the two share; a change of sector, Co, pathway or evidence_of is a retag (it moves a statistic on the maps) and
is listed as one. data/published-ids.csv lists every id ever published; an id may be retired there, never silently
removed. data/prose-corrections.csv says, release by release, which claim of which page changed and why.
"""
import csv
import functools
import re

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes

from evidence import paths
from evidence.errors import DataError
from evidence.format import format_statistic

RELEASES = paths.DATA / "releases"
PUBLISHED_IDS = paths.DATA / "published-ids.csv"
TAGS = ("sector", "co", "pathway", "evidence_of")  # a change in one of these is a retag
VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?")
SHOWN = 110  # characters of a long old or new value the changelog shows


def version_key(version):
    """Semantic-version order: 0.2.0-rc1 < 0.2.0-rc2 < 0.2.0 < 0.10.0. Raise ValueError for a name that is no version."""
    match = VERSION.fullmatch(version)
    if not match:
        raise ValueError(f"{version!r} is not a version (major.minor.patch, optionally -prerelease, e.g. 0.2.0-rc1)")
    major, minor, patch, pre = match.groups()
    if pre is None:
        return int(major), int(minor), int(patch), 1, ()
    identifiers = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return int(major), int(minor), int(patch), 0, identifiers


def _table(path):
    with path.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _columns(path):
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle), [])


def release_folders():
    """The folders of data/releases that hold a snapshot, in version order; a folder named otherwise stops the build."""
    folders = [f for f in RELEASES.iterdir() if (f / "statistics.csv").exists()] if RELEASES.exists() else []
    for folder in folders:
        try:
            version_key(folder.name)
        except ValueError as error:
            raise DataError(paths.relative(folder), None, None, f"a release folder must be named by its version: "
                                                                f"{error}") from None
    return sorted(folders, key=lambda f: version_key(f.name))


def releases():
    """[(version, {id: row})] in version order."""
    return [(f.name, _table(f / "statistics.csv")) for f in release_folders()]


def published_ids():
    """{id: row} of data/published-ids.csv (columns id, first_published, retired_in, reason)."""
    return _table(PUBLISHED_IDS)


@functools.cache
def has_unreleased_changes(version):
    """True when the data or the prose changed after `version` was released. The book then cites itself as that
    version "with unreleased changes", so that no one cites a number or a sentence to a release that lacks it."""
    from evidence.load import load_prose_corrections

    snapshot = paths.DATA / "releases" / version / "statistics.csv"
    if not snapshot.exists() or any(summary(_table(snapshot), _table(paths.STATISTICS_CSV)).values()):
        return True
    return any(version_key(c["release"]) > version_key(version) for c in load_prose_corrections())


def shared_columns(old, new):
    """The columns (other than id) that rows of both tables have, in the new table's order."""
    old_columns = set(next(iter(old.values()))) if old else set()
    new_columns = list(next(iter(new.values()))) if new else []
    return [c for c in new_columns if c in old_columns and c != "id"]


def column_changes(old, new):
    """(columns added, columns removed) between two tables; empty when either table is empty."""
    if not old or not new:
        return [], []
    old_columns, new_columns = list(next(iter(old.values()))), list(next(iter(new.values())))
    return [c for c in new_columns if c not in old_columns], [c for c in old_columns if c not in new_columns]


def differences(old, new):
    """(added, changed, retired) between two {id: row} tables; changed is [(id, [columns])], over every column the
    two tables share."""
    added = [i for i in new if i not in old]
    retired = [i for i in old if i not in new]
    columns = shared_columns(old, new)
    changed = [(i, [c for c in columns if old[i].get(c, "") != new[i].get(c, "")]) for i in new if i in old]
    return added, [(i, cs) for i, cs in changed if cs], retired


def _shown(row):
    return format_statistic({**row, "value_high": row.get("value_high") or None})


def _short(text):
    text = " ".join((text or "").split())
    return "(empty)" if not text else text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def describe_change(old, new, columns):
    """'co: context → co-delivery; quote: “…” → “…”' for one statistic."""
    return "; ".join(f"{c}: {_short(old.get(c))} → {_short(new.get(c))}" for c in columns)


def summary(old, new):
    """What changed from one table to the next, as the changelog prints it: {'columns added': [...], 'columns
    removed': [...], 'added': [...], 'retagged': [...], 'changed': [...], 'retired': [...]}, each a list of lines."""
    added, changed, retired = differences(old, new)
    columns_added, columns_removed = column_changes(old, new)
    retagged = [(i, [c for c in cs if c in TAGS]) for i, cs in changed]
    edited = [(i, [c for c in cs if c not in TAGS]) for i, cs in changed]
    return {
        "columns added": [f"{c} (filled for {sum(1 for r in new.values() if r.get(c))} of {len(new)})"
                          for c in columns_added],
        "columns removed": list(columns_removed),
        "added": [f"{i} ({_shown(new[i])})" for i in added],
        "retagged": [f"{i}: {describe_change(old[i], new[i], cs)}" for i, cs in retagged if cs],
        "changed": [f"{i}: {describe_change(old[i], new[i], cs)} (was {_shown(old[i])}, now {_shown(new[i])})"
                    for i, cs in edited if cs],
        "retired": list(retired),
    }


HEADINGS = {"added": "Added", "retagged": "Retagged, which moves them on the evidence maps", "changed": "Changed",
            "retired": "Retired"}


class StatisticsChangelog(Directive):
    """Added, retagged, changed and retired statistics, release by release, newest first."""

    def run(self):
        env = self.state.document.settings.env
        env.evidence_always_fresh.add(env.docname)
        current = _table(paths.STATISTICS_CSV)  # validated already, when the build started
        steps, previous = [], {}
        for version, table in releases():
            steps.append((f"Version {version}", previous, table))
            previous = table
        steps.append(("Unreleased changes", previous, current))
        result = []
        for title, old, new in reversed(steps):
            found = summary(old, new)
            section = nodes.section(ids=[nodes.make_id(title)])
            section += nodes.title(text=title)
            if not any(found.values()):
                section += nodes.paragraph(text="No changes to the statistics.")
            if found["columns added"]:
                section += nodes.paragraph(text=f"New columns: {', '.join(found['columns added'])}.")
            if found["columns removed"]:
                section += nodes.paragraph(text=f"Columns removed: {', '.join(found['columns removed'])}.")
            for key, heading in HEADINGS.items():
                if found[key]:
                    section += nodes.paragraph(text=f"{heading} ({len(found[key])}):", classes=[f"changelog-{key}"])
                    section += _items(found[key], f"changelog-{key}")
            result.append(section)
        return result


def _items(texts, css_class=None):
    bullet = nodes.bullet_list(classes=[css_class] if css_class else [])
    for text in texts:
        bullet += nodes.list_item("", nodes.paragraph(text=text))
    return bullet


class ProseCorrections(Directive):
    """The log of corrections to the book's prose (data/prose-corrections.csv), release by release, newest first:
    which page, what it said, what it says now, and why."""

    def run(self):
        from evidence.stats_table import row_of, table

        env = self.state.document.settings.env
        env.evidence_always_fresh.add(env.docname)
        corrections = env.app.evidence_prose_corrections
        result = []
        for release in sorted({c["release"] for c in corrections}, key=version_key, reverse=True):
            section = nodes.section(ids=[nodes.make_id(f"prose corrections {release}")])
            section += nodes.title(text=f"Prose corrections in version {release}")
            report, body = table(("Page", "It said", "It says now", "Why"), (14, 26, 26, 34))
            report["classes"].append("prose-corrections")
            for row in (c for c in corrections if c["release"] == release):
                link = addnodes.pending_xref("", nodes.inline(text=row["page"]), refdomain="std", reftype="doc",
                                             reftarget="/" + row["page"], refexplicit=False, refdoc=env.docname)
                body += row_of([nodes.paragraph("", "", link), nodes.paragraph(text=row["was"]),
                                nodes.paragraph(text=row["now"]), nodes.paragraph(text=row["why"])])
            section += report
            result.append(section)
        return result or [nodes.paragraph(text="No corrections to the prose yet.")]
