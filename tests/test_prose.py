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
    # number words, fractions and multiples in words
    ("They received one in the first nine months.", True),
    ("Adults over fifty said so.", True),
    ("Nine in ten agreed.", True),
    ("One in five agreed.", True),
    ("A third of them agreed.", True),
    ("Costs fell by half.", True),
    ("Use rose twice as fast.", True),
    ("Hundreds of people came.", True),
    ("It cost a million pounds.", True),
    ("Over twenty-five groups met.", True),
    ("One study found it; no one disputed it; one in the group agreed.", False),
    # a year-shaped number that is a quantity
    ("In 2000 people took part.", True),
    ("Over 2000 took part.", True),
    ("It cost £2010.", True),
    ("By 2018, members had grown.", False),
    ("A model from Loeffler and Bovaird (2019a) and CQC (2017b).", False),
    ("The Police Reform and Social Responsibility Act 2011 requires it.", False),
    # names and citation details that hold a number but state no quantity
    ("The Four Co's and a third sector organisation, as Table 4.1 and p. 24 show.", False),
    ("The published chapter (doi:10.1007/978-3-030-55509-2_4) has them.", False),
    ("A two-way channel; zero tolerance policing; type 1 diabetes; Foundation 4 Life.", False),
    ("Foundation 4 groups met.", True),
    # the bodies of directives the scanner does not know are prose too
    ("```{some-new-directive}\nOver 50 per cent of them.\n```", True),
    (":::{admonition} Seven lessons\nText.\n:::", True),
    (":::{glossary}\nTime bank\n  Members trade hours, and three of them met.\n:::", True),
    ("| a | b |\n|---|---|\n| six | x |", True),
    ("# Chapter with 3 parts", True),
    ("See [the row](data.md#stat-health-2) and `code 42` and <span data-x='3'>text</span>.", False),
])
def test_the_scanner_catches_what_it_should(tmp_path, text, stray):
    page = tmp_path / "page.md"
    page.write_text(text + "\n", encoding="utf-8")
    assert bool(stray_numbers(page)) is stray


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_table_row_is_written_on_one_line(page):
    """A Markdown table row wrapped onto a second line renders as two rows, the second with its cells shifted."""
    broken = [f"{paths.relative(page)}:{number}: {line[:60]}…"
              for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
              if line.startswith("|") and not line.rstrip().endswith("|")]
    assert not broken, "table rows that run onto the next line:\n" + "\n".join(broken)
