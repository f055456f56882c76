"""No hand-typed numbers in chapter prose: numbers come from the CSV through {stat}."""
import pytest

from evidence import paths
from evidence.prose import stray_numbers

PAGES = sorted(paths.CHAPTERS.glob("*.md")) + [paths.ROOT / "index.md"]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_stray_numbers_in_prose(page):
    found = stray_numbers(page)
    assert not found, "hand-typed numbers (use {stat}`id`):\n" + "\n".join(
        f"{paths.relative(page)}:{line}: {text}" for line, text in found)


@pytest.mark.parametrize("text, stray", [
    ("About 90% of users agreed.", True),
    ("Two-thirds of people said so.", True),
    ("In 2014, {stat}`health-ebcd-patients-engaged` agreed {cite:p}`donetto2014experience`.", False),
    ("The survey ran in 2017/18 and 2014-15.", False),
    ("A list of 12 projects.", True),
    ("```{code-cell} ipython3\nx = 42\n```", False),
    (":::{note}\nOver 50 per cent of them.\n:::", True),
    ("---\nversion: 3\n---\nNo numbers here.", False),
    ("1. **A finding.** Stated in words.", False),
    ("1. **A finding.** Over 40 of them.", True),
])
def test_the_scanner_catches_what_it_should(tmp_path, text, stray):
    page = tmp_path / "page.md"
    page.write_text(text + "\n", encoding="utf-8")
    assert bool(stray_numbers(page)) is stray
