"""The package's helpers on small inputs: chart rows, author-year text, the build's freshness stamps, table loading and
the verification report's checks, each shown to fail on what it guards."""
import csv
import shutil
from types import SimpleNamespace

import altair as alt
import pytest

from conftest import write_rows
from evidence import charts, paths, report, sphinx_ext
from evidence.errors import DataError
from evidence.load import author_year, load_bibliography, load_statistics, sources_text
from evidence.resources import load_table

STATS = load_statistics()


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A book folder with a copy of the data (and the package's code as it is), made the root for this test."""
    shutil.copytree(paths.DATA, tmp_path / "data")
    (tmp_path / "figures").mkdir()
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(tmp_path))
    return tmp_path


def test_a_chart_refuses_rows_of_different_units():
    by_unit = STATS.groupby("unit")["id"].first()
    with pytest.raises(ValueError, match="like with like"):
        charts.rows([by_unit["percent"], by_unit["GBP"]])
    assert list(charts.rows([by_unit["percent"]])["stat_id"]) == [by_unit["percent"]]


def test_the_vega_lite_version_is_the_one_altair_targets():
    assert alt.SCHEMA_VERSION.lstrip("v").startswith(charts.VEGA_LITE_VERSION + ".")


BIB = """
@book{one2001, author = {Smith, Ann}, title = {One}, year = {2001}}
@book{two2002, author = {Smith, Ann and Jones, Bo}, title = {Two}, year = {2002}}
@book{three2003, author = {Smith, Ann and Jones, Bo and Khan, Cy}, title = {Three}, year = {2003}}
@book{others2004, author = {Smith, Ann and others}, title = {Others}, year = {2004}}
@book{edited2005, editor = {Brown, Di}, title = {Edited}, year = {2005}}
@misc{body2006, author = {{NHS England}}, title = {Body}, year = {2006}}
@book{accent2015, author = {L{\\"o}ffler, Elke}, title = {Accent}, year = {2015}}
"""


@pytest.fixture
def bibliography(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    return load_bibliography(path)


@pytest.mark.parametrize("key, text", [
    ("one2001", "Smith (2001)"), ("two2002", "Smith and Jones (2002)"), ("three2003", "Smith et al. (2003)"),
    ("others2004", "Smith et al. (2004)"), ("edited2005", "Brown (2005)"), ("body2006", "NHS England (2006)"),
])
def test_author_year(bibliography, key, text):
    assert author_year(key, bibliography) == text


def test_author_year_reads_latex_accents(bibliography):
    assert author_year("accent2015", bibliography) == "Löffler (2015)"


def test_sources_text_joins_the_studies_in_order(bibliography):
    assert sources_text("two2002; one2001", bibliography) == "Smith and Jones (2002); Smith (2001)"


def test_the_inputs_hash_follows_data_code_and_chart_libraries_but_not_the_readme(book, tmp_path, monkeypatch):
    first = sphinx_ext.inputs_hash()
    (book / "data" / "README.md").write_text("edited", encoding="utf-8")
    assert sphinx_ext.inputs_hash() == first, "an edit to data/README.md must not re-run every notebook"
    for name in ("statistics.csv", "references.bib", "datapackage.json", "social-care-intervention-theories.csv"):
        path = book / "data" / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert sphinx_ext.inputs_hash() != first, name
        path.write_bytes(original)
    package, code = paths.PACKAGE, tmp_path / "package"
    shutil.copytree(package, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE", code)
    assert sphinx_ext.inputs_hash() == first
    (code / "format.py").write_text((code / "format.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert sphinx_ext.inputs_hash() != first, "an edit to the package's code must re-run the notebooks"
    monkeypatch.setattr(paths, "PACKAGE", package)
    monkeypatch.setattr(sphinx_ext.importlib.metadata, "version", lambda name: "0.0.0")
    assert sphinx_ext.inputs_hash() != first, "another Altair or vl-convert must re-run the notebooks"


def test_the_execution_cache_is_emptied_when_a_figure_it_wrote_is_gone(book):
    cache = book / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    for kind in ("svg", "png"):
        (book / "figures" / f"a-chart.{kind}").write_text(kind)
    app = SimpleNamespace(env=SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=str(cache))))
    sphinx_ext.stamp_outputs(app, None)
    sphinx_ext.expire_stale_outputs(app)
    assert cache.exists(), "a cache made from the current inputs and figures was thrown away"
    (book / "figures" / "a-chart.png").unlink()
    sphinx_ext.expire_stale_outputs(app)
    assert not cache.exists(), "the cache was kept although a figure it wrote is gone"


def test_a_table_of_the_data_package_is_validated_before_it_is_read(book):
    theories = load_table("social-care-intervention-theories")
    assert len(theories) == len(list(csv.DictReader((paths.DATA / "social-care-intervention-theories.csv").open())))
    path = book / "data" / "social-care-intervention-theories.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[1]["method_summary"] = ""
    write_rows(path, rows)
    with pytest.raises(DataError) as caught:
        load_table("social-care-intervention-theories")
    assert "social-care-intervention-theories.csv, row 3, column 'method_summary'" in str(caught.value)


def test_the_report_names_charts_without_both_figures(book):
    for chart_id, kinds in (("both", ("svg", "png")), ("svg-only", ("svg",)), ("none", ())):
        for kind in kinds:
            (book / "figures" / f"{chart_id}.{kind}").write_text(kind)
    assert report.missing_figures(["both", "svg-only", "none"]) == ["svg-only", "none"]


def test_the_report_validates_the_statistics_again(book):
    bib_keys = set(load_bibliography().entries)
    assert report.validation_problems(bib_keys) == []
    path = book / "data" / "statistics.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["value"] = "123456"
    write_rows(path, rows)
    assert [column for column, _ in report.validation_problems(bib_keys)] == ["value"]
