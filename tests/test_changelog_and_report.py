"""The changelog (every column, retags, new columns, pre-release versions), the log of prose corrections, and the
verification report's stamp (commit, build date, SHA-256 of the source text)."""
import hashlib
import re
import shutil
import subprocess

import pytest

from conftest import write_rows
from evidence import changelog, paths, report
from evidence.errors import DataError
from evidence.load import load_prose_corrections
from evidence.validate import schema_fields, validate_prose_corrections


@pytest.mark.parametrize("versions", [
    ["0.1.0", "0.2.0-rc1", "0.2.0-rc2", "0.2.0", "0.10.0"],
    ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
     "1.0.0"],
])
def test_versions_sort_as_semantic_versions(versions):
    assert sorted(reversed(versions), key=changelog.version_key) == versions


@pytest.mark.parametrize("name", ["v0.2.0", "0.2", "latest", "0.2.0-"])
def test_a_folder_that_is_no_version_is_refused(name):
    with pytest.raises(ValueError, match="not a version"):
        changelog.version_key(name)


def row(**values):
    base = {c["name"]: "" for c in schema_fields()["fields"]}
    return {**base, "id": "health-x", "sector": "health", "co": "context", "pathway": "none", "value": "5",
            "unit": "count", "qualifier": "exact", "as_written": "five", **values}


@pytest.mark.parametrize("column", ["sector", "co", "pathway", "topic", "quote", "locator", "measure", "hedge",
                                    "evidence_of", "source", "place", "year"])
def test_the_changelog_compares_every_column(column):
    old, new = {"health-x": row()}, {"health-x": row(**{column: "changed"})}
    assert changelog.differences(old, new) == ([], [("health-x", [column])], [])


def test_a_retag_is_recorded_as_one_and_an_edit_as_a_change():
    old = {"health-x": row(), "health-y": row(id="health-y")}
    new = {"health-x": row(co="co-delivery", pathway="treatment"), "health-y": row(id="health-y", quote="new words")}
    found = changelog.summary(old, new)
    assert found["retagged"] == ["health-x: co: context → co-delivery; pathway: none → treatment"]
    assert len(found["changed"]) == 1 and found["changed"][0].startswith("health-y: quote: (empty) → new words")


def test_a_column_new_since_the_last_release_is_reported_once_not_per_row():
    old = {"health-x": {k: v for k, v in row().items() if k != "evidence_of"}}
    new = {"health-x": row(evidence_of="outcome")}
    found = changelog.summary(old, new)
    assert found["columns added"] == ["evidence_of (filled for 1 of 1)"] and not found["changed"]


def test_the_built_changelog_lists_every_retag_since_the_last_release(pages):
    versions = changelog.releases()
    last = versions[-1][1] if versions else {}
    current = changelog._table(paths.STATISTICS_CSV)
    section = pages["chapters/changelog.html"].select_one("section#unreleased-changes")
    listed = {li.get_text(" ", strip=True).split(":")[0] for li in section.select("ul.changelog-retagged li")}
    expected = {i for i in current if i in last and any(c in last[i] and last[i][c] != current[i][c]
                                                        for c in changelog.TAGS)}
    assert listed == expected


def test_the_built_changelog_shows_every_prose_correction(pages):
    page = pages["chapters/changelog.html"]
    corrections = load_prose_corrections()
    tables = page.select("table.prose-corrections")
    assert tables and sum(len(t.select("tbody tr")) for t in tables) == len(corrections)
    text = " ".join(page.get_text(" ").split())
    for correction in corrections:
        assert " ".join(correction["why"].split()) in text


# --- Bad input: the prose corrections log and release folders ---------------------------------------------------

CORRECTION = {"release": "0.2.0", "page": "chapters/synthesis", "was": "The page said this before.",
              "now": "The page says this now.", "why": "Because the source says otherwise (~100)."}


def write_corrections(tmp_path, rows):
    path = tmp_path / "prose-corrections.csv"
    write_rows(path, rows) if rows else path.write_text(",".join(CORRECTION) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("values, column, words", [
    (dict(page="chapters/no-such-page"), "page", "not a page"),
    (dict(page="Chapters/Synthesis.md"), "page", "constraint"),
    (dict(release="next"), "release", "constraint"),
    (dict(now="The page said this before."), "now", "same"),
    (dict(why=""), "why", "constraint"),
], ids=["unknown page", "page not a path", "release not a version", "nothing corrected", "no reason"])
def test_a_bad_prose_correction_stops_with_file_row_and_column(tmp_path, values, column, words):
    rows = [dict(CORRECTION), {**CORRECTION, **values}, dict(CORRECTION)]
    with pytest.raises(DataError) as caught:
        validate_prose_corrections(write_corrections(tmp_path, rows), paths.ROOT)
    assert any(p.row == 3 and p.column == column for p in caught.value.problems), str(caught.value)
    assert "prose-corrections.csv, row 3" in str(caught.value) and words in str(caught.value)


def test_a_prose_corrections_log_without_rows_stops(tmp_path):
    with pytest.raises(DataError, match="no rows"):
        validate_prose_corrections(write_corrections(tmp_path, []), paths.ROOT)


def test_the_shipped_prose_corrections_are_valid():
    assert load_prose_corrections()


def test_a_release_folder_not_named_by_its_version_stops_the_build(tmp_path, monkeypatch):
    folder = tmp_path / "releases" / "next"
    folder.mkdir(parents=True)
    shutil.copy2(paths.STATISTICS_CSV, folder / "statistics.csv")
    monkeypatch.setattr(changelog, "RELEASES", tmp_path / "releases")
    with pytest.raises(DataError, match="next"):
        changelog.release_folders()


# --- The verification report's stamp --------------------------------------------------------------------------------

def stamp(pages):
    table = pages["chapters/verification.html"].select_one("table.verification-stamp")
    return {tr.select("td")[0].get_text(strip=True): tr.select("td")[1].get_text(strip=True)
            for tr in table.select("tbody tr")}


def test_the_report_is_stamped_with_commit_date_and_source_hash(pages):
    found = stamp(pages)
    head = subprocess.run(["git", "-C", str(paths.ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:
        assert found["Commit"].split()[0] == head.stdout.strip()
    else:
        assert found["Commit"].startswith("not a git checkout")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", found["Build date"])
    source = report.source_chapter()
    if source:
        assert found["Source text checked"] == f"{source.name}, SHA-256 {hashlib.sha256(source.read_bytes()).hexdigest()}"
    else:
        assert found["Source text checked"].startswith("not available")
    assert "does not check" in pages["chapters/verification.html"].get_text()


def test_the_stamp_says_plainly_what_it_does_not_know(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(tmp_path))  # not a git checkout, no source text beside it
    assert report.commit() == "not a git checkout"
    assert report.source_identity().startswith("not available")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert report.build_date() == "1970-01-01 00:00 UTC"
