"""The cross-sector page: its maps count studies, its readings follow the data, and its words read nothing by hand.

The readings are tested two ways: the functions that word them, on small made-up tables where the right words are
known, and the built page, against counts recomputed here from the CSVs with plain pandas (not with the functions
that made the page), so that a reading the data stop supporting fails whatever coding lands.
"""
import itertools
import re

import pandas as pd
import pytest

from conftest import chart_specs
from evidence import paths, synthesis
from evidence.load import load_statistics, load_studies
from evidence.prose import _prose
from evidence.validate import REVIEW_KEY, source_keys, vocabulary

STATS = load_statistics()
STUDIES = load_studies()
PAGE = paths.CHAPTERS / "synthesis.md"
SECTORS = ("health", "social-care", "public-safety")
MAPS = {"cross-evidence-map-co": ("co", "kind"), "cross-evidence-map-pathway": ("pathway", "kind"),
        "cross-evidence-of-map-co": ("co", "evidence_of")}


def made_up(rows, studies=None):
    """A statistics table from (id, sector, co, pathway, source, evidence_of) tuples, with the real studies table."""
    frame = pd.DataFrame([dict(zip(("id", "sector", "co", "pathway", "source", "evidence_of"), r)) for r in rows])
    return frame.set_index("id", drop=False), (STUDIES if studies is None else studies)


# --- The map's categories ---------------------------------------------------------------------------------------

def test_every_study_kind_has_exactly_one_row_of_the_map_and_reviews_stand_apart():
    kinds = [k for g in synthesis.KIND_GROUPS for k in g.values]
    assert sorted(kinds) == sorted(vocabulary("kind", "studies")) and len(kinds) == len(set(kinds))
    first, last = synthesis.KIND_GROUPS[0], synthesis.KIND_GROUPS[-1]
    assert first.values == ("systematic-review",), "systematic reviews must have the first row to themselves"
    assert last.values == ("the-review",), "the review's own figures must have a row of their own"


def test_every_evidence_of_value_has_a_row():
    assert [c.key for c in synthesis.EVIDENCE_OF][:-1] == list(vocabulary("evidence_of"))
    assert synthesis.EVIDENCE_OF[-1].key == synthesis.NOT_CODED


def test_a_study_is_counted_once_per_cell_however_many_figures_it_gives():
    stats, studies = made_up([
        ("health-a", "health", "co-design", "none", "donetto2014experience", "opinion"),
        ("health-b", "health", "co-design", "none", "donetto2014experience", "opinion"),
        ("health-c", "health", "co-design", "none", "donetto2014experience", "scale"),
        ("health-d", "health", "co-design", "none", "gil2012personalised", "outcome"),
        ("health-e", "health", "co-delivery", "prevention", "loeffler2008if", "participation"),
        ("health-f", "health", "co-delivery", "prevention", REVIEW_KEY, "scale"),
    ])
    by_kind = synthesis.map_frame("co", "kind", stats, studies)
    cell = by_kind[(by_kind["co"] == "co-design")].set_index("category")
    assert cell.loc["all", "n"] == 2 and cell.loc["survey", "n"] == 1 and cell.loc["case-study", "n"] == 1
    assert cell.loc["survey", "stat_ids"] == ["health-a", "health-b", "health-c"]
    delivery = by_kind[(by_kind["co"] == "co-delivery")].set_index("category")
    assert delivery.loc["survey", "by_review_author"] == 1 and delivery.loc["survey", "label"] == "1*"
    assert delivery.loc["the-review", "n"] == 1 and delivery.loc["the-review", "by_review_author"] == 0
    by_evidence = synthesis.map_frame("co", "evidence_of", stats, studies)
    design = by_evidence[by_evidence["co"] == "co-design"].set_index("category")
    assert design.loc["opinion", "n"] == 1 and design.loc["scale", "n"] == 1 and design.loc["outcome", "n"] == 1
    assert "context" in set(by_kind["co"]) and by_kind.loc[by_kind["co"] == "context", "n"].tolist() == [0]


def test_the_matrix_counts_every_kind_and_agrees_with_the_map():
    for across in ("co", "pathway"):
        matrix = synthesis.matrix(across, STATS, STUDIES)
        frame = synthesis.map_frame(across, "kind", STATS, STUDIES)
        totals = frame[frame["category"] == "all"].set_index(["sector", across])["n"]
        for _, row in matrix.iterrows():
            assert sum(row[k] for k in vocabulary("kind", "studies")) == row["all_works"]
            assert totals[(row["sector"], row[across])] == row["all_works"]


# --- Words computed from counts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, word", [(3, 2, "more than"), (2, 3, "fewer than"), (2, 2, "as many as"), (0, 0, "as many as")])
def test_comparisons(a, b, word):
    assert synthesis.than(a, b) == word


@pytest.mark.parametrize("k, n, word", [(0, 5, "none"), (5, 5, "all"), (3, 5, "most"), (2, 4, "half"), (1, 5, "a minority"),
                                        (0, 0, "none")])
def test_shares(k, n, word):
    assert synthesis.share(k, n) == word


def test_the_leftover_block_is_never_named_the_fullest_cell():
    """'context' (no Co) holds figures about no Co; however full, it is not where co-production was found."""
    stats, studies = made_up([
        ("health-a", "health", "co-design", "none", "donetto2014experience", ""),
        ("health-b", "health", "context", "none", "gil2012personalised", ""),
        ("health-c", "health", "context", "none", "loeffler2008if", ""),
    ])
    reading = synthesis.map_readings(synthesis.map_frame("co", "kind", stats, studies), "co")
    assert reading["fullest"] == "health × co-design" and reading["fullest_n"] == 1


def test_map_readings_find_empty_single_and_fullest_cells():
    stats, studies = made_up([
        ("health-a", "health", "co-design", "none", "donetto2014experience", ""),
        ("health-b", "health", "co-delivery", "none", "gil2012personalised", ""),
        ("health-c", "health", "co-delivery", "none", "loeffler2008if", ""),
    ])
    reading = synthesis.map_readings(synthesis.map_frame("co", "kind", stats, studies), "co")
    assert reading["fullest"] == "health × co-delivery" and reading["fullest_n"] == 2  # context (no Co) never named
    assert reading["single"] == "health × co-design"
    assert reading["empty"] == "health × co-commissioning, health × co-assessment and health × context (no Co)"


def test_conclusion_readings_follow_made_up_data():
    rows = [("public-safety-v1", "public-safety", "co-design", "none", "barry2016evaluation", "")]
    rows += [(f"social-care-v{n}", "social-care", "co-commissioning", "none", key, "")
             for n, key in enumerate(("glover2017guide", "involve2018citizens"))]
    rows += [("health-d1", "health", "co-delivery", "treatment", "doh2005", "outcome"),
             ("health-d2", "health", "co-delivery", "prevention", "alford2016coproduction", "participation"),
             ("health-d3", "health", "co-delivery", "treatment", "doh2007", "participation"),
             ("social-care-d1", "social-care", "co-delivery", "treatment", "omeni2014service", "cost"),
             ("public-safety-d1", "public-safety", "co-delivery", "prevention", "groff2013exploring", "outcome"),
             ("public-safety-d2", "public-safety", "co-delivery", "prevention", "milton2016community", "outcome")]
    stats, studies = made_up(rows)
    found = synthesis.conclusion_readings(stats, studies)
    assert "the counts show the review's contrast" in found["c2"]
    assert "In public safety, treatment (in this book's mapping, detecting crime and removing offenders) has 0 works, " \
           "against 2 on prevention and 0 on rehabilitation" in found["c2"]
    stats.loc["health-d1", "pathway"] = "prevention"  # health: prevention ahead; social care still agrees
    assert "the counts show part of the review's contrast" in synthesis.conclusion_readings(stats, studies)["c2"]
    stats.loc["social-care-d1", "pathway"] = "prevention"
    assert "the counts do not show the review's contrast" in synthesis.conclusion_readings(stats, studies)["c2"]
    stats.loc[["public-safety-d1", "public-safety-d2"], "pathway"] = "treatment"  # public safety is not counted
    assert "the counts do not show the review's contrast" in synthesis.conclusion_readings(stats, studies)["c2"]
    assert "Public safety has fewer than social care and fewer than health" not in found["c3"]
    assert "0 in health, 2 in social care and 1 in public safety" in found["c3"]
    assert "Public safety has fewer than social care and more than health" in found["c3"]
    assert "co-delivery has more than any other Co in health and public safety" in found["c4"]
    assert "in social care, co-commissioning has more (2 works, against 1 for co-delivery)" in found["c4"]
    assert "Case studies and qualitative research: 0 of 6, none of them." in found["c1"]


@pytest.mark.parametrize("coding", ["empty", "cycled", "all outcome"])
def test_the_second_view_and_its_readings_work_for_any_coding(coding):
    stats = STATS.copy()
    if coding == "empty":
        stats["evidence_of"] = ""
    elif coding == "cycled":
        stats["evidence_of"] = [v for v, _ in zip(itertools.cycle(vocabulary("evidence_of") + [""]), stats.index)]
    else:
        stats["evidence_of"] = "outcome"
    reading = synthesis.evidence_of_readings(stats, STUDIES)
    cells = {(s, c) for s, c in zip(stats["sector"], stats["co"])}
    assert reading["n_with_outcome"] + reading["n_without_outcome"] <= len(cells)
    assert reading["n_not_coded"] == int((stats["evidence_of"] == "").sum())
    if coding == "all outcome":
        assert reading["n_with_outcome"] == len(cells) and reading["without_outcome"] == "none"
    if coding == "empty":
        assert reading["n_with_outcome"] == reading["n_without_outcome"] == 0
    frame = synthesis.map_frame("co", "evidence_of", stats, STUDIES)
    assert (frame[frame["category"] == "all"]["n"] > 0).sum() == len(cells)
    synthesis.counts(stats, STUDIES)  # every glued reading can be made


# --- The built page -------------------------------------------------------------------------------------------------

def studies_in(sector=None, **where):
    """Distinct primary studies (not the review) behind the statistics matching `where`, counted with plain pandas."""
    rows = STATS if sector is None else STATS[STATS["sector"] == sector]
    for column, values in where.items():
        rows = rows[rows[column].isin(values if isinstance(values, (list, tuple)) else [values])]
    return {k for s in rows["source"] for k in source_keys(s)} - {REVIEW_KEY}


def page_text(pages):
    return " ".join(pages["chapters/synthesis.html"].select_one("article").get_text(" ").split())


def test_the_page_prints_the_readings_the_data_give_now(pages):
    text = page_text(pages)
    for name, value in synthesis.counts(STATS, STUDIES).items():
        if isinstance(value, str) and value.strip():
            assert " ".join(value.split()) in text, f"the page does not print the current reading {name}: {value!r}"


def test_the_voice_reading_agrees_with_a_recount(pages):
    voice = {s: len(studies_in(s, co=list(synthesis.VOICE))) for s in SECTORS}
    words = {s: synthesis.than(voice["public-safety"], voice[s]) for s in ("social-care", "health")}
    text = page_text(pages)
    assert (f"{voice['health']} in health, {voice['social-care']} in social care and {voice['public-safety']} in "
            "public safety") in text
    assert f"Public safety has {words['social-care']} social care and {words['health']} health" in text


def test_the_leading_co_reading_agrees_with_a_recount(pages):
    text = page_text(pages)
    for sector in SECTORS:
        n = {co: len(studies_in(sector, co=co)) for co in vocabulary("co") if co != "context"}
        leaders = [co for co, k in n.items() if k == max(n.values())]
        name = synthesis.SECTOR_NAMES[sector]
        if leaders == ["co-delivery"]:
            assert re.search(rf"co-delivery has more than any other Co in [^;.]*\b{name}\b", text), sector
        elif "co-delivery" in leaders:
            assert f"in {name}, co-delivery and " in text and f"({n['co-delivery']} works each)" in text, sector
        else:
            assert (f"in {name}, {synthesis.listing(leaders)} {'has' if len(leaders) == 1 else 'have'} more "
                    f"({max(n.values())} works, against {n['co-delivery']} for co-delivery)") in text, sector


def test_the_pathway_reading_agrees_with_a_recount(pages):
    text = page_text(pages)
    def schemes(sector, pathway):  # the works that report one scheme count once
        works = studies_in(sector, co="co-delivery", pathway=pathway)
        return len(works) - sum(len(keys) - 1 for keys in synthesis.SAME_SCHEME if set(keys) <= works)

    for sector in SECTORS:
        n = {p: schemes(sector, p) for p in synthesis.PATHWAYS}
        assert (f"in {synthesis.SECTOR_NAMES[sector]}, {n['prevention']} on prevention, {n['treatment']} on treatment "
                f"and {n['rehabilitation']} on rehabilitation") in text, sector
    def more(sector, first, second):
        return schemes(sector, first) > schemes(sector, second)

    agree = more("health", "treatment", "prevention") + more("social-care", "treatment", "prevention")
    words = {2: "show the review's contrast", 0: "do not show the review's contrast"}.get(
        agree, "show part of the review's contrast")
    assert f"in short, for health and social care, the counts {words}." in text


def test_the_empty_cells_named_are_the_empty_cells(pages):
    text = page_text(pages)
    for across in ("co", "pathway"):
        empty = [f"{synthesis.SECTOR_NAMES[s]} × {synthesis.across_name(across, v)}"
                 for s in SECTORS for v in vocabulary(across) if not len(STATS[(STATS["sector"] == s) & (STATS[across] == v)])]
        match = re.search(rf"Reading the map by {across}.*?Cells with no work at all: (.*?) \.", text, re.IGNORECASE)
        named = [x.strip() for x in re.split(r", | and ", match.group(1)) if x.strip() != "none"]
        assert sorted(named) == sorted(empty), across


def test_the_maps_draw_areas_proportional_to_counts_and_mark_what_they_should(pages):
    specs = dict(chart_specs(pages["chapters/synthesis.html"]))
    assert set(MAPS) <= set(specs)
    for chart_id in MAPS:
        spec = specs[chart_id]
        layers = spec["spec"]["layer"]
        size = next(layer["encoding"]["size"] for layer in layers if "size" in layer.get("encoding", {}))
        assert size["scale"]["type"] == "linear" and size["scale"]["zero"] is True, chart_id
        assert size["scale"]["domain"][0] == 0 and size["scale"]["range"][0] == 0, f"{chart_id}: area not from zero"
        y_order = next(layer["encoding"]["y"]["sort"] for layer in layers if "y" in layer.get("encoding", {}))
        if MAPS[chart_id][1] == "kind":
            assert y_order[1] == "Systematic reviews" and y_order[-1] == "The review's own figures", chart_id
        rows = [r for d in spec["datasets"].values() for r in d]
        for row in rows:
            assert row["label"].endswith("*") == (row["by_review_author"] > 0 and row["category"] != "all"), row
        assert "none" not in {r["across_name"] for r in rows}, f"{chart_id}: 'none' would read as the pathway 'none'"
        assert spec["facet"]["row"]["field"] == "across_name", chart_id
        assert {layer["encoding"]["x"]["field"] for layer in layers} == {"sector_name"}, chart_id
        if any(r["label"].endswith("*") for r in rows):
            assert synthesis.AUTHOR_MARK in spec_takeaway(pages, chart_id), f"{chart_id}: the asterisk is not explained"


def spec_takeaway(pages, chart_id):
    """The takeaway printed above a chart on the page."""
    return pages["chapters/synthesis.html"].select_one(f"#chart-{chart_id} .evidence-chart-takeaway").get_text()


def appendix_rows(pages):
    """{stat id: {filter: set of values}} from the data attributes of the appendix's rows."""
    rows = {}
    for tr in pages["chapters/data.html"].select("tr.stat-row"):
        rows[tr["id"].removeprefix("stat-")] = {name: set(tr.get(f"data-{name.replace('_', '-')}", "").split())
                               for name in ("sector", "co", "pathway", "kind", "evidence_of", "study")}
    return rows


def filtered(rows, query):
    """The rows a filter query keeps, by the rule of evidence-appendix.js: a row shares a value with each filter."""
    return {i for i, tags in rows.items() if all(set(v.split()) & tags[k] for k, v in query.items())}


def test_every_map_mark_opens_the_appendix_filtered_to_exactly_its_rows(pages):
    from urllib.parse import parse_qs, urlparse

    rows = appendix_rows(pages)
    for chart_id, spec in chart_specs(pages["chapters/synthesis.html"]):
        if chart_id not in MAPS:
            continue
        for mark in (r for d in spec["datasets"].values() for r in d):
            query = {k: v[0] for k, v in parse_qs(urlparse(mark["href"]).query).items()}
            assert filtered(rows, query) == set(mark["stat_ids"]), f"{chart_id}: {mark['href']}"


def test_no_appendix_filter_option_selects_nothing(pages):
    rows = appendix_rows(pages)
    soup = pages["chapters/data.html"]
    for select in soup.select("form.evidence-filter select[data-filter]"):
        name = select["data-filter"]
        values = [o["value"] for o in select.select("option") if o["value"]]
        assert values, name
        for value in values:
            assert filtered(rows, {name: value}), f"the {name} option {value!r} selects no statistic"
    present = {name: set().union(*(tags[name] for tags in rows.values())) for name in ("kind", "evidence_of", "study")}
    offered = {s["data-filter"]: {v for o in s.select("option") for v in o["value"].split()}
               for s in soup.select("form.evidence-filter select[data-filter]")}
    for name, values in present.items():
        assert values <= offered[name], f"the {name} filter misses {values - offered[name]}"


def test_the_appendix_keeps_every_anchor_and_semantic_row_markup(pages):
    rows = pages["chapters/data.html"].select("tr.stat-row")
    assert [tr["id"] for tr in rows] == [f"stat-{i}" for i in STATS.index]
    for tr in rows:
        stat_id = tr["id"].removeprefix("stat-")
        assert float(tr["data-value"]) == STATS.loc[stat_id, "value"] and tr["data-sector"] == STATS.loc[stat_id, "sector"]


# --- Returns and costs --------------------------------------------------------------------------------------------

def test_social_returns_and_public_purse_savings_never_share_an_axis(pages):
    spec = dict(chart_specs(pages["chapters/synthesis.html"]))["cross-returns-per-pound"]
    panels = spec["vconcat"]
    titles = []
    for panel in panels:
        data = spec["datasets"][panel["data"]["name"]]
        assert len({r["panel"] for r in data}) == 1, "two kinds of return share a panel"
        x = next(layer["encoding"]["x"] for layer in panel["layer"] if "title" in layer["encoding"].get("x", {}))
        title = " ".join(x["title"]) if isinstance(x["title"], list) else x["title"]  # a long title is broken into lines
        assert title == data[0]["panel"], "a panel's axis must be titled with what it measures"
        titles.append(title)
    assert len(titles) == len(set(titles)) == len({r["panel"] for d in spec["datasets"].values() for r in d})
    assert spec["resolve"]["scale"]["x"] == "independent"


@pytest.mark.parametrize("chart_id", ["cross-returns-per-pound", "cross-costs-and-payoffs-per-person"])
def test_every_economic_figure_carries_its_basis_on_the_chart(pages, chart_id):
    spec = dict(chart_specs(pages["chapters/synthesis.html"]))[chart_id]
    layers = [layer for part in spec.get("vconcat", [spec]) for layer in part["layer"]]
    assert {layer["encoding"]["y"]["field"] for layer in layers} == {"row_label"}  # each row labelled with its basis
    for row in (r for d in spec["datasets"].values() for r in d):
        assert row["basis"] and row["shown"] == f"{row['formatted']} ({row['basis']})", row["stat_id"]
        assert row["row_label"].replace("|", " ") == f"{row['label']} {row['shown']}", row["stat_id"]
        if chart_id == "cross-returns-per-pound":
            assert "period not stated" in row["basis"], row["stat_id"]


# --- Words on the page that read the data ---------------------------------------------------------------------------

READING_WORDS = re.compile(
    r"\b(?:most(?:ly)?|more|fewer|less|least|majority|minority|none|empty|only|all|every|few|many|several|handful|"
    r"largest|smallest|thin(?:ly|ner)?|stark|broad(?:est)?|exception|same|other way round|higher|lower|dominat\w*|"
    r"rare(?:ly)?|little|outnumber\w*|almost|nearly|bulk|significant)\b", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
# Hand-written words that read nothing off this book's data: (the words around the match, why it is not a reading).
NOT_READINGS = [
    ("a work is counted once in each cell for which the review cites it for at least one figure, however many",
     "how the map counts, not what it shows"),
    ("the top row of a block gives all the works of", "names a row of the chart"),
    ("shows only what one review chose to cite", "what the map is"),
    ("A statistic that belongs to no pathway (many about citizen voice",
     "names the column; the examples are what the data dictionary's rule for 'none' gives"),
    ("so it may appear on more than one row of a cell", "how the second view counts"),
    ("The review's economic figures measure different things", "what the figures are"),
    ("no period for any of them", "a test checks that every return's basis says 'period not stated'"),
    ("dealing with the consequences", "the review's terms"),
    ("is possible even under more hierarchical governance", "the review's reading, attributed"),
    ("many prevention services tend to work more through networks", "the review's words, attributed (McMullin and Needham)"),
    ("Whether the literature as a whole is mostly case studies", "restates the review's claim in order to say counting cannot decide it"),
    ("Which approach is the most significant is a judgement", "restates the review's claim in order to say counting cannot decide it"),
    ("Some works describe the same scheme", "a test checks the named pair"),
    ("public safety, whose hierarchical governance is less likely", "the review's quotation, attributed"),
    ("possibly more surprising", "the review's 'more surprising', attributed"),
    ("outcomes, or participation, opinion and cost", "the question the section asks"),
    ("the literature as a whole and not practice", "what the counts are not"),
    ("a cell full of works may hold small self-reported surveys, and an empty one", "what no map can show"),
    ("An empty cell says only that", "what an empty cell means, not which cells are empty"),
    ("Cells with no work at all", "a label before a computed list"),
    ("Cells that rest on a single work", "a label before a computed list"),
    ("cells where at least one work gives a figure on outcomes", "a label before a computed list"),
    ("start from a systematic search and code every study found", "what other maps do"),
    ("The same works, placed on the pathways", "introduces the second chart"),
    ("what the review calls a rare cost-benefit analysis", "the review's words, attributed"),
    ("On the same estimates", "attribution"),
    ("this book codes only the works the review cites", "the method"),
    ("how many people co-delivery reaches nationally", "the review's question, restated"),
    ("build in co-production or at least suit it", "the review's words, attributed"),
    ("at least in administrative law countries", "the review's words, attributed"),
    ("public safety is governed more hierarchically", "the review's argument, attributed"),
    ("What none of these maps can show is effectiveness", "what no map of this kind can show"),
]


def hand_written_readings(text):
    """Reading words outside quotation marks, glued values and roles, and outside the allowed phrases, in context."""
    found = []
    for prose, _ in _prose(text):
        prose = " ".join(prose.split())
        unquoted = QUOTED.sub(lambda m: " " * len(m.group(0)), prose)
        allowed = [(m.start(), m.end()) for phrase, _ in NOT_READINGS
                   for m in re.finditer(re.escape(" ".join(phrase.split())), prose)]
        for match in READING_WORDS.finditer(unquoted):
            if not any(start <= match.start() < end for start, end in allowed):
                found.append((match.group(0), prose[max(0, match.start() - 80):match.end() + 80]))
    return found


def test_no_reading_of_the_data_on_the_page_is_typed_by_hand():
    found = hand_written_readings(PAGE.read_text(encoding="utf-8"))
    assert not found, ("words that read the data must be computed (glue) or listed in NOT_READINGS with a reason:\n"
                       + "\n".join(f"  {word!r}: …{context}…" for word, context in found))


def test_the_reading_scanner_catches_a_typed_reading():
    assert hand_written_readings("Co-delivery holds the most statistics, and public safety has almost none.\n")
    assert not hand_written_readings('The review says "most of the literature" is case studies {glue:text}`x`.\n')


def test_the_same_scheme_named_on_the_page_is_two_works_in_one_cell():
    pair = ("thompson2019steppinga", "thompson2019steppingb")
    assert all(k in STUDIES.index for k in pair) and STUDIES.loc[pair[0], "kind"] != STUDIES.loc[pair[1], "kind"]
    cells = [set(zip(STATS.loc[STATS["source"] == k, "sector"], STATS.loc[STATS["source"] == k, "co"])) for k in pair]
    assert cells[0] & cells[1], "the page says both works are counted in the map; they share no cell"
    assert f"{{cite:p}}`{pair[0]},{pair[1]}`" in PAGE.read_text(encoding="utf-8")


# --- Downloads: each chart's own data, and the maps' matrices -----------------------------------------------------

def test_every_chart_offers_a_csv_of_exactly_its_own_data(pages, site):
    from evidence.charts import chart_data, csv_cell

    appendix_links = {a["href"] for a in pages["chapters/data.html"].select("a[href^='../figures/']")}
    seen = 0
    for name, soup in pages.items():
        for figure in soup.select("figure.evidence-chart"):
            chart_id = figure["data-chart-id"]
            links = {a["href"] for a in figure.select(".evidence-chart-downloads a")}
            assert f"../figures/{chart_id}.csv" in links and f"../figures/{chart_id}.csv" in appendix_links, chart_id
            assert "../data/statistics.csv" not in links, f"{chart_id}: the data link must be the chart's own data"
            (_, spec), = chart_specs(figure)
            found = pd.read_csv(site / "figures" / f"{chart_id}.csv", dtype=str, keep_default_na=False)
            expected = chart_data(spec).map(csv_cell).astype(str)
            assert list(found.columns) == list(expected.columns), chart_id
            assert found.values.tolist() == expected.values.tolist(), chart_id
            seen += 1
    assert seen == sum(len(chart_specs(s)) for s in pages.values())


def test_the_maps_offer_their_matrix(pages, site):
    specs = dict(chart_specs(pages["chapters/synthesis.html"]))
    for chart_id, (across, by) in MAPS.items():
        figure = pages["chapters/synthesis.html"].select_one(f"figure#chart-{chart_id}")
        assert figure.select_one(f"a[href='../figures/{chart_id}-matrix.csv']"), chart_id
        assert pages["chapters/data.html"].select_one(f"a[href='../figures/{chart_id}-matrix.csv']"), chart_id
        matrix = pd.read_csv(site / "figures" / f"{chart_id}-matrix.csv", keep_default_na=False)
        totals = {(r["sector"], r[across]): r["n"] for d in specs[chart_id]["datasets"].values() for r in d
                  if r["category"] == "all"}
        assert {(r["sector"], r[across]): r["all_works"] for _, r in matrix.iterrows()} == totals, chart_id


# --- Key findings across the sectors ------------------------------------------------------------------------------

def key_findings_rows(text):
    """The page's key-findings list-table as [(sector, [finding...], [[stat ids]...], [[glue names]...])]."""
    block = re.search(r"```\{list-table\} Key findings.*?\n(.*?)\n```", text, re.S).group(1)
    rows = []
    for row in re.split(r"(?m)^\* - ", block)[2:]:  # [0] the options, [1] the header row
        sector, finding, stats_cell, kinds_cell = re.split(r"(?m)^  - ", row)
        items = [[re.split(r"(?m)^\s*\d+\. ", cell)[1:]] for cell in (finding, stats_cell, kinds_cell)]
        rows.append((sector.strip(), items[0][0],
                     [re.findall(r"\{stat\}`([^`]+)`", item) for item in items[1][0]],
                     [re.findall(r"\{glue:text\}`([^`]+)`", item) for item in items[2][0]]))
    return rows


def test_the_key_findings_table_gives_each_finding_its_statistics_and_computed_kinds():
    rows = key_findings_rows(PAGE.read_text(encoding="utf-8"))
    assert [r[0] for r in rows] == [synthesis.SECTOR_NAMES[s].capitalize() for s in SECTORS]
    for (name, findings, ids, glued), sector in zip(rows, SECTORS):
        assert ids == [list(f) for f in synthesis.KEY_FINDINGS[sector]], f"{name}: the table's statistics"
        assert len(findings) == len(ids) == len(glued), f"{name}: a finding without statistics or kinds"
        assert glued == [[f"kf_{sector.replace('-', '_')}_{n}"] for n in range(1, len(ids) + 1)], name
        assert all(STATS.loc[i, "sector"] == sector for f in ids for i in f), f"{name}: a statistic of another sector"
    # "Our reading: the figures beside this line … are economic estimates" (social care 1, public safety 2)
    for sector, n in (("social-care", 1), ("public-safety", 2)):
        keys = {k for i in synthesis.KEY_FINDINGS[sector][n - 1] for k in source_keys(STATS.loc[i, "source"])}
        assert set(STUDIES.loc[sorted(keys), "kind"]) == {"economic-estimate"}, (sector, n)


def test_the_built_key_findings_give_the_kinds_and_codes_of_exactly_their_statistics(pages):
    table = next(t for t in pages["chapters/synthesis.html"].select("table")
                 if "Key findings" in (t.caption.get_text() if t.caption else ""))
    for tr, sector in zip(table.select("tbody tr"), SECTORS):
        cells = tr.select("td")
        kinds = [" ".join(li.get_text(" ").split()) for li in cells[3].select("li")]
        shown = [[a["href"].split("#stat-")[1] for a in li.select("a[href*='#stat-']")] for li in cells[2].select("li")]
        assert shown == [list(f) for f in synthesis.KEY_FINDINGS[sector]], sector
        for ids, text in zip(shown, kinds):  # recounted here from the CSVs, not with the page's function
            keys = {k for i in ids for k in source_keys(STATS.loc[i, "source"])}
            assert text.count(":") == len(keys), text
            for key in keys:
                assert synthesis.kind_name(STUDIES.loc[key, "kind"]) + ":" in text, (key, text)
            codes = set(STATS.loc[ids, "evidence_of"])
            assert all(code in text.split("Evidence of", 1)[1] for code in codes), text


# --- Agreement between the two codings of evidence_of (the methods page) -------------------------------------------

def test_agreement_gives_cohens_kappa_and_the_commonest_split():
    from evidence.methods import agreement

    # Ten ids, eight agree; both codings give a, b, c to 5, 3 and 2 ids, so chance agreement is 0.38.
    first = dict(enumerate("aaaaabbbcc"))
    second = dict(enumerate("aaaabbbacc"))
    first[10] = "z"  # coded once only: not compared
    found = agreement(first, second)
    assert found["double_coded"] == 10 and found["codes_agreed"] == 8
    assert found["kappa"] == f"{(0.8 - (0.5 * 0.5 + 0.3 * 0.3 + 0.2 * 0.2)) / (1 - 0.38):.2f}"
    assert found["commonest_disagreement"] == "a and b" and found["commonest_disagreement_n"] == 2
    assert agreement({1: "x"}, {1: "x"})["kappa"] == "1.00"


def test_the_methods_page_prints_the_agreement_the_codings_give(pages):
    """Agreement between the two codings as they were made (the file's first_coding), not between the second coding
    and a first coding revised after seeing it; and how many codes were revised since."""
    from evidence.load import load_second_coding
    from evidence.methods import agreement

    first, second = load_second_coding(stats=STATS, column="first_coding"), load_second_coding(stats=STATS)
    found = agreement(first, second)
    revised = [i for i in first if STATS.loc[i, "evidence_of"] != first[i]]
    to_second = sum(STATS.loc[i, "evidence_of"] == second[i] for i in revised)
    text = " ".join(pages["chapters/methods.html"].select_one("article").get_text(" ").split())
    text = re.sub(r"\( ", "(", re.sub(r" \)", ")", text))
    assert f"the codings agree on {found['codes_agreed']} of them (Cohen's kappa {found['kappa']})" in text
    assert f"{found['commonest_disagreement']} ({found['commonest_disagreement_n']} statistics)" in text
    assert f"{len(revised)} codes have changed since, {to_second} of them to the second coder's code" in text
