"""A catalogue of malformed inputs: each must stop with an error naming the file, the row and the column."""
import csv
import io

import pytest

from evidence import paths
from evidence.errors import DataError
from evidence.load import REVIEW_KEY, load_bibliography, load_statistics
from evidence.validate import schema_fields, validate_statistics, validate_studies

COLUMNS = [field["name"] for field in schema_fields()["fields"]]
# Valid rows made for these tests, so that no case depends on what a row of the real data happens to hold.
TEMPLATE = {"sector": "health", "topic": "Testing the validator", "co": "co-delivery", "pathway": "prevention",
            "measure": "Share of people in a made-up survey who agreed", "value": "40", "value_high": "",
            "unit": "percent", "qualifier": "exact", "as_written": "40%", "place": "", "year": "",
            "source": REVIEW_KEY, "locator": "", "quote": "In a made-up survey, 40% of the people asked agreed.",
            "hedge": "", "evidence_of": "opinion"}
ROWS = [{"id": f"health-test-row-{n}", **TEMPLATE} for n in range(5)]
BIB_KEYS = set(load_bibliography().entries)
TARGET = 3  # the data row we break: file line 5 (header is line 1)
LINE = TARGET + 2


def write(tmp_path, rows, columns=COLUMNS, name="statistics.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def changed(**values):
    rows = [dict(r) for r in ROWS]
    rows[TARGET].update(values)
    return rows


def expect(path, row, column, words=""):
    with pytest.raises(DataError) as caught:
        validate_statistics(path, BIB_KEYS)
    problems = caught.value.problems
    assert any(p.file.endswith(path.name) and p.row == row and p.column == column for p in problems), str(caught.value)
    text = str(caught.value)
    assert path.name in text and (row is None or f"row {row}" in text) and f"column '{column}'" in text
    assert words.lower() in text.lower(), text


def test_the_rows_these_tests_break_are_valid(tmp_path):
    assert len(validate_statistics(write(tmp_path, ROWS), BIB_KEYS)) == len(ROWS)


ROW_CASES = {
    "bad number in value": (dict(value="fifty"), "value", "type"),
    "unknown unit": (dict(unit="furlongs"), "unit", "constraint"),
    "unknown sector": (dict(sector="education"), "sector", "constraint"),
    "unknown co": (dict(co="co-production"), "co", "constraint"),
    "unknown pathway": (dict(pathway="cure"), "pathway", "constraint"),
    "unknown qualifier": (dict(qualifier="roughly"), "qualifier", "constraint"),
    "id not a slug": (dict(id="Health EBCD"), "id", "constraint"),
    "id without sector prefix": (dict(id="ebcd-survey"), "id", "constraint"),
    "empty measure": (dict(measure=""), "measure", "constraint"),
    "empty quote": (dict(quote=""), "quote", "constraint"),
    "quote too short": (dict(quote="50%", as_written="50%", value="50"), "quote", "constraint"),
    "unknown bib key": (dict(source="nobody2099"), "source", "nobody2099"),
    "one of two bib keys unknown": (dict(source="loeffler2020; nobody2099"), "source", "nobody2099"),
    "quote without the number": (dict(as_written="99.9%", value="99.9"), "quote", "does not contain"),
    "value disagrees with as_written": (dict(value="123456"), "value", "does not agree"),
    "unreadable as_written": (dict(as_written="many", quote="many many people took part in it"), "as_written", "cannot read"),
    "bad year": (dict(year="last year"), "year", "constraint"),
    "range without value_high": (dict(value="16", value_high="", as_written="between 16 and 26%", unit="percent",
                                      qualifier="between", quote="between 16 and 26% of crime"), "value_high", "range"),
    "value_high without a range": (dict(value_high="999"), "value_high", "not a range"),
    "value_high below value": (dict(value="26", value_high="16", as_written="between 26 and 16%", unit="percent",
                                    qualifier="between", quote="between 26 and 16% of crime"), "value_high", "not above"),
    "between without value_high": (dict(qualifier="between"), "qualifier", "between"),
    "qualifier flattened": (dict(value="80", value_high="", unit="percent", qualifier="over", as_written="well over 80%",
                                 quote="well over 80% of respondents lock their doors"), "qualifier", "'well over'"),
    "qualifier where the source has none": (dict(value="80", value_high="", unit="percent", qualifier="up to",
                                                 as_written="80%", quote="80% of respondents lock their doors"),
                                            "qualifier", "'exact'"),
    "hedge not in the quote": (dict(value="80", value_high="", unit="percent", qualifier="exact", as_written="80%",
                                    quote="it has been estimated that 80% lock their doors", hedge="could"),
                               "hedge", "verbatim"),
    "hedge with no hedging word": (dict(value="80", value_high="", unit="percent", qualifier="exact", as_written="80%",
                                        quote="it has been estimated that 80% lock their doors", hedge="it has been"),
                                   "hedge", "no hedging word"),
    "unknown evidence_of": (dict(evidence_of="anecdote"), "evidence_of", "constraint"),
    "empty evidence_of": (dict(evidence_of=""), "evidence_of", "constraint"),
    "a fraction above one": (dict(unit="fraction", value="1.5", as_written="three in two"), "value", "share of one"),
    "a number about the evidence tagged to a Co": (dict(evidence_of="evidence", co="co-design"), "co", "'context'"),
}


@pytest.mark.parametrize("case", ROW_CASES, ids=list(ROW_CASES))
def test_bad_row_is_reported_with_file_row_and_column(tmp_path, case):
    values, column, words = ROW_CASES[case]
    expect(write(tmp_path, changed(**values)), LINE, column, words)


def test_duplicate_id(tmp_path):
    rows = [dict(r) for r in ROWS]
    rows[TARGET]["id"] = rows[0]["id"]
    expect(write(tmp_path, rows), LINE, "id", "unique")


def test_missing_column(tmp_path):
    expect(write(tmp_path, ROWS, [c for c in COLUMNS if c != "unit"]), 1, "unit", "missing")


def test_columns_out_of_order(tmp_path):
    columns = COLUMNS[:]
    columns[1], columns[2] = columns[2], columns[1]
    expect(write(tmp_path, ROWS, columns), 1, "topic", "out of order")


def test_empty_file(tmp_path):
    path = tmp_path / "statistics.csv"
    path.write_text("", encoding="utf-8")
    expect(path, 1, "(header)", "empty")


def test_wrong_encoding(tmp_path):
    path = write(tmp_path, changed(measure="Share of users who said caf\u00e9 culture helped"))
    path.write_bytes(path.read_bytes().replace("caf\u00e9".encode("utf-8"), "caf\u00e9".encode("latin-1")))
    expect(path, LINE, "measure", "not UTF-8")


def test_wrong_encoding_at_the_start_of_a_line_names_the_first_column(tmp_path):
    path = write(tmp_path, changed(id="health-caf\u00e9-row"))
    path.write_bytes(path.read_bytes().replace(b"health-caf\xc3\xa9-row", b"\xe9health-row"))
    expect(path, LINE, "id", "not UTF-8")


def test_extra_cell_in_a_row(tmp_path):
    path = write(tmp_path, ROWS)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[LINE - 1] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect(path, LINE, "(row)", "extra")


def test_header_without_rows(tmp_path):
    expect(write(tmp_path, []), 2, "(row)", "no rows")


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="not found"):
        validate_statistics(tmp_path / "statistics.csv", BIB_KEYS)


def test_unparseable_bibliography_names_the_file(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@misc{broken, title = {no closing brace\n", encoding="utf-8")
    with pytest.raises(DataError, match="references.bib"):
        load_statistics(write(tmp_path, ROWS), bib)


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    rows = [dict(r) for r in ROWS]
    rows[0]["source"] = "nobody2099"
    rows[1]["value"] = "123456"
    with pytest.raises(DataError) as caught:
        validate_statistics(write(tmp_path, rows), BIB_KEYS)
    assert {(p.row, p.column) for p in caught.value.problems} >= {(2, "source"), (3, "value")}


STUDIES = list(csv.DictReader(paths.STUDIES_CSV.open(encoding="utf-8")))


def expect_studies(tmp_path, rows, row, column, words):
    path = write(tmp_path, rows, list(STUDIES[0]), "studies.csv")
    with pytest.raises(DataError) as caught:
        validate_studies(path, BIB_KEYS)
    assert any(p.row == row and p.column == column for p in caught.value.problems), str(caught.value)
    assert "studies.csv" in str(caught.value) and words.lower() in str(caught.value).lower(), str(caught.value)


def with_study(**values):
    rows = [dict(r) for r in STUDIES]
    rows[TARGET].update(values)
    return rows


@pytest.mark.parametrize("values, column, words", [
    (dict(kind="anecdote"), "kind", "constraint"),
    (dict(kind="the-review"), "kind", "the-review"),
    (dict(key="nobody2099"), "key", "nobody2099"),
    (dict(by_review_author="yes"), "by_review_author", "type"),
    (dict(year="last year"), "year", "constraint"),
], ids=["unknown kind", "the-review for another work", "key not in references.bib", "not a boolean", "bad year"])
def test_bad_study_row_is_reported_with_file_row_and_column(tmp_path, values, column, words):
    expect_studies(tmp_path, with_study(**values), LINE, column, words)


def test_duplicate_study_key(tmp_path):
    rows = [dict(r) for r in STUDIES]
    rows[TARGET]["key"] = rows[0]["key"]
    expect_studies(tmp_path, rows, LINE, "key", "unique")


def test_a_reference_without_a_study_row(tmp_path):
    rows = [dict(r) for r in STUDIES]
    missing = rows.pop(TARGET)["key"]
    expect_studies(tmp_path, rows, None, "key", missing)


def test_studies_header_without_rows(tmp_path):
    expect_studies(tmp_path, [], 2, "(row)", "no rows")


# --- The second coding of evidence_of -----------------------------------------------------------------------------

SECOND = [{"id": r["id"], "evidence_of": "opinion", "why": "what people in a made-up survey said",
           "first_coding": "opinion"} for r in ROWS]


def expect_second_coding(tmp_path, rows, row, column, words):
    from evidence.validate import validate_second_coding

    path = write(tmp_path, rows, ["id", "evidence_of", "why", "first_coding"], "evidence-of-second-coding.csv")
    with pytest.raises(DataError) as caught:
        validate_second_coding(path, {r["id"] for r in ROWS})
    assert any(p.row == row and p.column == column for p in caught.value.problems), str(caught.value)
    assert "evidence-of-second-coding.csv" in str(caught.value) and words in str(caught.value), str(caught.value)


@pytest.mark.parametrize("values, column, words", [
    (dict(evidence_of="impact"), "evidence_of", "constraint"),
    (dict(evidence_of=""), "evidence_of", "constraint"),
    (dict(id="health-no-such-row"), "id", "health-no-such-row"),
    (dict(id=ROWS[0]["id"]), "id", "Unique"),
    (dict(first_coding="impact"), "first_coding", "constraint"),
], ids=["unknown code", "no code", "id not in statistics.csv", "duplicate id", "unknown first code"])
def test_a_bad_second_coding_row_stops_with_file_row_and_column(tmp_path, values, column, words):
    rows = [dict(r) for r in SECOND]
    rows[TARGET].update(values)
    expect_second_coding(tmp_path, rows, LINE, column, words)


def test_a_second_coding_without_rows_stops(tmp_path):
    expect_second_coding(tmp_path, [], 2, "(row)", "no rows")
