"""The words keep the source's certainty: a hedged figure is printed with a hedge of the same force, and every
qualifier ("well over", "just over", "at most", "or fewer") is printed with the force the source gives it."""
import re

import pandas as pd
import pytest

from conftest import chart_rows, chart_specs
from evidence import hedges, paths
from evidence.load import load_statistics
from evidence.parse import parse_as_written
from evidence.qualifiers import QUALIFIERS, implied_qualifier

STATS = load_statistics()
PAGES = sorted(paths.CHAPTERS.glob("*.md")) + [paths.ROOT / "index.md"]


def test_every_hedge_stands_verbatim_in_its_quote_and_has_a_family():
    for stat_id, row in STATS[STATS["hedge"] != ""].iterrows():
        for phrase in hedges.phrases(row["hedge"]):
            assert phrase in " ".join(row["quote"].split()), f"{stat_id}: {phrase!r} is not in its quote"
            assert hedges.family(phrase), f"{stat_id}: {phrase!r} is in no hedge family"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_sentence_that_prints_a_hedged_statistic_keeps_the_hedge(page):
    problems = hedges.dropped_hedges(page, STATS)
    assert not problems, "\n".join(problems)


def test_a_dropped_hedge_is_caught_with_file_line_and_id(tmp_path):
    stats = pd.DataFrame({"hedge": ["could", "it has been estimated", ""]},
                         index=["social-care-a", "health-b", "health-c"])
    page = tmp_path / "page.md"
    page.write_text("Befriending could save {stat}`social-care-a` a year.\n\n"
                    "GPs spend {stat}`health-b` on it, and {stat}`health-c` agree.\n", encoding="utf-8")
    problems = hedges.dropped_hedges(page, stats)
    assert len(problems) == 1 and "page.md:3: health-b" in problems[0] and "estimate" in problems[0]
    page.write_text("Befriending saves {stat}`social-care-a` a year.\n", encoding="utf-8")
    assert "page.md:1: social-care-a" in hedges.dropped_hedges(page, stats)[0]


@pytest.mark.parametrize("stat_id", STATS.index)
def test_the_qualifier_keeps_the_force_of_the_source_words(stat_id):
    row = STATS.loc[stat_id]
    implied = implied_qualifier(row["as_written"], parse_as_written(row["as_written"])[1] is not None)
    assert row["qualifier"] == implied, f"{stat_id}: as_written {row['as_written']!r} says {implied!r}"
    _, before, after = QUALIFIERS[implied]
    assert row["formatted"].startswith(before) and row["formatted"].endswith(after), (
        f"{stat_id}: as_written {row['as_written']!r} is printed {row['formatted']!r}")


@pytest.mark.parametrize("as_written, qualifier", [
    ("well over 80%", "well over"), ("well in excess of £500,000", "well over"), ("just over 1%", "just over"),
    ("just under 6%", "just under"), ("at maximum, 14%", "at most"), ("a maximum of six", "at most"),
    ("20% or fewer", "or fewer"), ("a year or more", "or more"), ("within three days", "within"),
    ("over 50%", "over"), ("more than 50%", "over"), ("almost a half", "nearly"), ("some £200", "around"),
    ("fewer than 25%", "less than"), ("9 out of 10", "exact"),
])
def test_implied_qualifiers(as_written, qualifier):
    assert implied_qualifier(as_written, False) == qualifier


def test_what_the_reader_sees_keeps_each_qualifier(pages):
    """In the built HTML, every number in prose and in chart labels carries the qualifier its as_written implies."""
    shown = [(name, a["href"].split("#stat-")[1], a.get_text()) for name, soup in pages.items()
             for a in soup.select("a.stat")]
    shown += [(name, row["stat_id"], row["formatted"]) for name, soup in pages.items()
              for _, spec in chart_specs(soup) for row in chart_rows(spec) if "stat_id" in row]
    for name, stat_id, text in shown:
        _, before, after = QUALIFIERS[STATS.loc[stat_id, "qualifier"]]
        assert text.startswith(before) and text.endswith(after), f"{name}: {stat_id} shows {text!r}"


def test_no_qualifier_is_printed_twice(pages):
    """The role prints a number's qualifier itself, so prose that types it too reads "at most at most 14%"."""
    doubled = []
    for name, soup in pages.items():
        for link in soup.select("a.stat"):
            _, before, _ = QUALIFIERS[STATS.loc[link["href"].split("#stat-")[1], "qualifier"]]
            previous = link.previous_sibling
            text = " ".join(str(previous).split()).lower() if isinstance(previous, str) else ""
            if before.strip() and text.endswith(before.strip()):
                doubled.append(f"{name}: …{text[-40:]} {link.get_text()}")
    assert not doubled, "a qualifier typed before a number that prints its own:\n" + "\n".join(doubled)


def test_every_chart_of_hedged_figures_keeps_their_hedges_in_its_headline(pages):
    """A chart's title or takeaway is a sentence a reader quotes: it keeps the hedges of the figures it shows."""
    problems = []
    for name, soup in pages.items():
        for figure in soup.select("figure.evidence-chart"):
            chart_id, headline = figure["data-chart-id"], figure.select_one("figcaption").get_text(" ")
            ids = {row["stat_id"] for _, spec in chart_specs(figure) for row in chart_rows(spec) if "stat_id" in row}
            for stat_id in sorted(ids):
                for family in hedges.families(STATS.loc[stat_id, "hedge"]):
                    if not hedges.kept(family, headline):
                        problems.append(f"{name}: chart {chart_id}: {stat_id} is hedged ({family}) but the title "
                                        f"and takeaway are not: {' '.join(headline.split())}")
    assert not problems, "\n".join(problems)


# The words issue 11 names as the source hedging a figure, and the rows whose quote holds one that does not qualify
# the row's own number (each with the reason); every other such row must carry its hedge.
HEDGE_WORDS = ("could", "estimated", "associated with", "suggests", "perhaps", "typically", "seems", "it appeared",
               "likely")
NOT_A_HEDGE_OF_THIS_FIGURE = {
    "health-prevention-guidelines-missed-lower-ses": "'more likely to fail' is the finding itself, a comparison",
    "health-personal-budgets-evaluation-period": "'associated with' qualifies the evaluation's finding, not its period",
    "public-safety-user-voice-prisons": "'associated with' qualifies the benefits, not the count of prisons",
}


def test_rows_whose_quote_hedges_the_figure_carry_the_hedge():
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, HEDGE_WORDS)) + r")(?![\w-])", re.IGNORECASE)
    hedged = STATS[STATS["quote"].map(lambda quote: bool(pattern.search(quote)))]
    missing = sorted(set(hedged[hedged["hedge"] == ""].index) - set(NOT_A_HEDGE_OF_THIS_FIGURE))
    assert not missing, "data/statistics.csv: the quote hedges the figure but `hedge` is empty: " + ", ".join(missing)
    carried = (hedged["hedge"] != "").sum()
    assert carried / len(hedged) >= 0.85, f"only {carried} of {len(hedged)} hedged quotes carry their hedge"
