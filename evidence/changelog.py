"""The statistics changelog and the register of published ids.

Each released version keeps a snapshot of the table in data/releases/<version>/statistics.csv. The changelog is the
difference between consecutive snapshots, and between the last one and the current table ("unreleased").
data/published-ids.csv lists every id ever published; an id may be retired there, never silently removed.
"""
import csv

from docutils import nodes
from docutils.parsers.rst import Directive

from evidence import paths
from evidence.format import format_statistic

RELEASES = paths.DATA / "releases"
PUBLISHED_IDS = paths.DATA / "published-ids.csv"
COMPARED = ("measure", "value", "value_high", "unit", "qualifier", "as_written", "place", "year", "source")


def _version_key(version):
    return tuple(int(part) for part in version.split("."))


def _table(path):
    with path.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def releases():
    """[(version, {id: row})] in version order."""
    folders = [f for f in RELEASES.iterdir() if (f / "statistics.csv").exists()] if RELEASES.exists() else []
    return [(f.name, _table(f / "statistics.csv")) for f in sorted(folders, key=lambda f: _version_key(f.name))]


def published_ids():
    """{id: row} of data/published-ids.csv (columns id, first_published, retired_in, reason)."""
    return _table(PUBLISHED_IDS)


def differences(old, new):
    """(added, changed, retired) between two {id: row} tables; changed is [(id, [columns])]."""
    added = [i for i in new if i not in old]
    retired = [i for i in old if i not in new]
    changed = [(i, [c for c in COMPARED if old[i].get(c, "") != new[i].get(c, "")]) for i in new if i in old]
    return added, [(i, columns) for i, columns in changed if columns], retired


def _shown(row):
    return format_statistic({**row, "value_high": row.get("value_high") or None})


class StatisticsChangelog(Directive):
    """Added, changed and retired statistics, release by release, newest first."""

    def run(self):
        env = self.state.document.settings.env
        env.evidence_always_fresh.add(env.docname)
        current = _table(paths.STATISTICS_CSV)  # validated already, when the build started
        history = releases()
        steps, previous = [], {}
        for version, table in history:
            steps.append((f"Version {version}", previous, table))
            previous = table
        steps.append(("Unreleased changes", previous, current))
        result = []
        for title, old, new in reversed(steps):
            added, changed, retired = differences(old, new)
            section = nodes.section(ids=[nodes.make_id(title)])
            section += nodes.title(text=title)
            if not (added or changed or retired):
                section += nodes.paragraph(text="No changes to the statistics.")
            if added:
                section += nodes.paragraph(text=f"Added ({len(added)}):")
                section += _items([f"{i} ({_shown(new[i])})" for i in added])
            if changed:
                section += nodes.paragraph(text=f"Changed ({len(changed)}):")
                section += _items([f"{i}: {', '.join(columns)} (was {_shown(old[i])}, now {_shown(new[i])})"
                                   for i, columns in changed])
            if retired:
                section += nodes.paragraph(text=f"Retired ({len(retired)}):")
                section += _items(retired)
            result.append(section)
        return result


def _items(texts):
    bullet = nodes.bullet_list()
    for text in texts:
        bullet += nodes.list_item("", nodes.paragraph(text=text))
    return bullet
