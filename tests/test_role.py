"""An unknown id in {stat} stops the build and says which page and line."""
import csv

from conftest import jupyter_book, write_rows


def test_unknown_statistic_id_fails_the_build_with_page_and_line(built_copy):
    """In a copy with the notebooks' outputs (the data are unchanged, so the build executes nothing)."""
    page = built_copy / "chapters" / "data.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")
    lines.insert(3, "A number that does not exist: {stat}`health-no-such-statistic`.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = jupyter_book(built_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "health-no-such-statistic" in output and "chapters/data.md:4" in output, output[-2000:]


def test_bad_data_stops_the_build_naming_file_row_and_column(project_copy):
    path = project_copy / "data" / "statistics.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["unit"] = "furlongs"  # the first data row: line 2 of the file
    write_rows(path, rows)
    result = jupyter_book(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/statistics.csv, row 2, column 'unit'" in output, output[-2000:]
