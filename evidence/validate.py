"""Check data/statistics.csv against data/datapackage.json and the rules a schema cannot state.

Every problem becomes a DataError naming the file, the row (line number, header = 1) and the column. The Sphinx
extension calls this before reading any page, so a bad row stops the build instead of being published.
"""
import csv
import io
import json

import frictionless

from evidence import paths
from evidence import hedges
from evidence.bibliography import load_bibliography
from evidence.errors import DataError
from evidence.parse import UnreadableNumber, agrees, parse_as_written
from evidence.qualifiers import implied_qualifier


REVIEW_KEY = "loeffler2020"  # the review itself: a source, but not a primary study


def resource(name, datapackage=None):
    """One resource of datapackage.json (its path and Table Schema), the single source of truth."""
    datapackage = datapackage or paths.DATAPACKAGE
    package = json.loads(datapackage.read_text(encoding="utf-8"))
    for found in package["resources"]:
        if found["name"] == name:
            return found
    raise KeyError(f"{paths.relative(datapackage)}: no resource named {name!r}")


def schema_fields(resource_name="statistics", datapackage=None):
    """The Table Schema of one resource (its fields, and the rules on them)."""
    return resource(resource_name, datapackage)["schema"]


def source_keys(*sources):
    """The bibliography keys in one or more `source` cells ('a2014; b2015'), each once, in order."""
    return list(dict.fromkeys(key.strip() for source in sources for key in source.split(";") if key.strip()))


def vocabulary(column, resource_name="statistics"):
    """The allowed values of a column, in the schema's order (e.g. the Four Co's plus 'context')."""
    return next(f for f in schema_fields(resource_name)["fields"] if f["name"] == column)["constraints"]["enum"]


def _decode(path):
    """The file's text; a DataError at the row and column of the first byte that is not UTF-8."""
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(paths.relative(path), 1, "(header)", "the file is empty; expected a header row")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        row = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        header = next(csv.reader(io.StringIO(raw.decode("utf-8", "replace"))))
        # csv.reader([""]) yields [] (not [""]) when the bad byte starts the line: that is the first column
        fields_before = next(csv.reader([raw[line_start:error.start].decode("latin-1")]), None) or [""]
        column = header[len(fields_before) - 1] if len(fields_before) <= len(header) else "(beyond the header)"
        raise DataError(paths.relative(path), row, column,
                        f"byte {raw[error.start]:#x} is not UTF-8; save the file as UTF-8") from None


def _check_header(path, text, fields):
    header = next(csv.reader(io.StringIO(text)))
    expected = [f["name"] for f in fields]
    problems = [DataError(paths.relative(path), 1, name, "required column is missing")
                for name in expected if name not in header]
    if not problems and header[:len(expected)] != expected:
        wrong = next(n for n, (a, b) in enumerate(zip(header, expected)) if a != b)
        problems.append(DataError(paths.relative(path), 1, header[wrong],
                                  f"columns out of order: expected {expected[wrong]!r} as column {wrong + 1}"))
    DataError.collect(problems)


def _schema_problems(path, schema):
    resource = frictionless.Resource(path=path.name, basepath=str(path.parent), schema=frictionless.Schema.from_descriptor(schema),
                                     format="csv", encoding="utf-8")
    report = resource.validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None) or "(row)"
            cell = getattr(error, "cell", None)
            got = f" (found {cell!r})" if cell not in (None, "") else ""
            problems.append(DataError(paths.relative(path), row, column, f"{error.title}: {error.note}{got}"))
    return problems


def _number(text):
    return float(text) if text not in (None, "") else None


def _row_problems(file, line, row, bib_keys):
    """Rules across columns: value <-> as_written <-> quote, ranges, and bibliography keys."""
    problems = []

    def problem(column, message):
        problems.append(DataError(file, line, column, f"(id {row['id']}) {message}"))

    value, high = _number(row["value"]), _number(row["value_high"])
    try:
        parsed_low, parsed_high = parse_as_written(row["as_written"])
    except UnreadableNumber as error:
        problem("as_written", f"cannot read a number in {row['as_written']!r}: {error}")
    else:
        if not agrees(value, parsed_low):
            problem("value", f"{row['value']} does not agree with as_written {row['as_written']!r} (reads as {parsed_low:g})")
        if parsed_high is not None and (high is None or not agrees(high, parsed_high)):
            problem("value_high", f"{row['value_high'] or 'empty'} does not agree with the range in as_written "
                                  f"{row['as_written']!r} (upper end {parsed_high:g})")
        if parsed_high is None and high is not None:
            problem("value_high", f"is {row['value_high']} but as_written {row['as_written']!r} is not a range")
        implied = implied_qualifier(row["as_written"], parsed_high is not None)
        if row["qualifier"] != implied:
            problem("qualifier", f"is {row['qualifier']!r} but as_written {row['as_written']!r} says {implied!r}")
    if row["evidence_of"] in ("need", "evidence") and row["co"] != "context":
        problem("co", f"is {row['co']!r}, but a number about the {row['evidence_of']} (evidence_of) is 'context'")
    if row["unit"] == "fraction" and not 0 < max(value, high or value) <= 1:
        problem("value", f"a fraction is a share of one whole (above 0, at most 1); {row['value']} is not")
    if (row["qualifier"] == "between") != (high is not None):
        problem("qualifier", "'between' goes with a value_high, and a value_high with 'between'")
    if high is not None and high <= value:
        problem("value_high", f"{row['value_high']} is not above value {row['value']}")
    if " ".join(row["as_written"].split()) not in " ".join(row["quote"].split()):
        problem("quote", f"does not contain as_written {row['as_written']!r}")
    for phrase in hedges.phrases(row["hedge"]):
        if phrase not in " ".join(row["quote"].split()):
            problem("hedge", f"{phrase!r} does not stand verbatim in the quote")
        elif hedges.family(phrase) is None:
            problem("hedge", f"{phrase!r} holds no hedging word that evidence.hedges knows "
                             f"({', '.join(w for words, _ in hedges.FAMILIES.values() for w in words)})")
    for key in source_keys(row["source"]):
        if key not in bib_keys:
            problem("source", f"key {key!r} is not in {paths.relative(paths.REFERENCES_BIB)}")
    return problems


def _table_text(path, resource_name):
    """The text of a table, after the checks every table gets: it exists, is UTF-8, has the schema's header, its
    cells meet the schema, and it has at least one row. Raise DataError."""
    file = paths.relative(path)
    if not path.exists():
        raise DataError(file, None, None, "file not found")
    schema = {k: v for k, v in schema_fields(resource_name).items() if k != "foreignKeys"}  # checked below, by key
    text = _decode(path)
    _check_header(path, text, schema["fields"])
    DataError.collect(_schema_problems(path, schema))
    if len(list(csv.reader(io.StringIO(text)))) < 2:
        raise DataError(file, 2, "(row)", "the file has a header and no rows")
    return text


def validate_statistics(path=None, bib_keys=None):
    """Validate the statistics file and return its rows as dicts (strings, as in the file). Raise DataError."""
    path = path or paths.STATISTICS_CSV
    file = paths.relative(path)
    text = _table_text(path, "statistics")
    if bib_keys is None:
        bib_keys = set(load_bibliography().entries)
    reader = csv.DictReader(io.StringIO(text))
    rows, problems = [], []
    for row in reader:
        problems += _row_problems(file, reader.line_num, row, bib_keys)
        rows.append(row)
    DataError.collect(problems)
    return rows


def validate_studies(path, bib_keys):
    """Validate data/studies.csv: one row per key of references.bib and no other; the review coded as itself."""
    file = paths.relative(path)
    reader = csv.DictReader(io.StringIO(_table_text(path, "studies")))
    rows, problems = [], []
    for row in reader:
        if row["key"] not in bib_keys:
            problems.append(DataError(file, reader.line_num, "key", f"{row['key']!r} is not a key of "
                                                                    f"{paths.relative(paths.REFERENCES_BIB)}"))
        if (row["kind"] == "the-review") != (row["key"] == REVIEW_KEY):
            problems.append(DataError(file, reader.line_num, "kind", f"(key {row['key']}) 'the-review' is the kind of "
                                                                     f"{REVIEW_KEY} and of no other work"))
        rows.append(row)
    missing = sorted(set(bib_keys) - {row["key"] for row in rows})
    if missing:
        problems.append(DataError(file, None, "key", f"no row for these keys of "
                                                     f"{paths.relative(paths.REFERENCES_BIB)}: {', '.join(missing)}"))
    DataError.collect(problems)
    return rows


def validate_second_coding(path, stat_ids):
    """Validate data/evidence-of-second-coding.csv: the schema (codes from the vocabulary, one row per id) and every id
    a statistic of statistics.csv. Return its rows; raise DataError naming file, row and column."""
    file = paths.relative(path)
    reader = csv.DictReader(io.StringIO(_table_text(path, "evidence-of-second-coding")))
    rows, problems = [], []
    for row in reader:
        if row["id"] not in stat_ids:
            problems.append(DataError(file, reader.line_num, "id", f"{row['id']!r} is not an id of "
                                                                   f"{paths.relative(paths.STATISTICS_CSV)}"))
        rows.append(row)
    DataError.collect(problems)
    return rows


def validate_prose_corrections(path, root=None):
    """Validate data/prose-corrections.csv: the schema, a page that exists in the book, and a real change (now differs
    from was). Return its rows; raise DataError naming file, row and column."""
    root = root or paths.ROOT
    file = paths.relative(path)
    reader = csv.DictReader(io.StringIO(_table_text(path, "prose-corrections")))
    rows, problems = [], []
    for row in reader:
        if not (root / f"{row['page']}.md").exists():
            problems.append(DataError(file, reader.line_num, "page", f"{row['page']!r} is not a page of the book "
                                                                     f"(there is no {row['page']}.md)"))
        if " ".join(row["was"].split()) == " ".join(row["now"].split()):
            problems.append(DataError(file, reader.line_num, "now", "is the same as 'was': nothing was corrected"))
        rows.append(row)
    DataError.collect(problems)
    return rows
