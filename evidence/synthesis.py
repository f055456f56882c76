"""The cross-sector page, computed: the map of the studies the review cites, what each figure is evidence of, the
readings the page gives of them, and the returns and costs.

The unit of the maps is the work, not the quoted number: each entry of data/references.bib that the review cites for
at least one statistic in a cell, coded by kind in data/studies.csv and counted once per cell (the review itself
counts once where it gives a figure of its own, on a row of its own). Every verbal reading the page prints ("more",
"fewer", "as many", "most", the cells with no study) is a function here of the data, glued into the page, so the
words change when the data do.
"""
from dataclasses import dataclass

import altair as alt
import pandas as pd
from myst_nb import glue

from evidence import charts
from evidence.load import author_year, load_bibliography, load_statistics, load_studies
from evidence.paths import APPENDIX_PAGE
from evidence.tables import Table
from evidence.validate import REVIEW_KEY, source_keys, vocabulary

VOICE = ("co-commissioning", "co-design", "co-assessment")
PATHWAYS = ("prevention", "treatment", "rehabilitation")
# Works that describe one scheme and are still counted as two (the cross-sector page says so): {keys: the scheme}.
SAME_SCHEME = {("thompson2019steppinga", "thompson2019steppingb"): "the Aberdeen falls scheme"}
SECTOR_NAMES = {"health": "health", "social-care": "social care", "public-safety": "public safety",
                "cross-sector": "across the sectors"}
ACROSS_NAMES = {"co": {"context": "context (no Co)"}, "pathway": {"none": "no pathway"}}
NOT_CODED = "not-coded"  # a statistic whose evidence_of is still empty
AUTHOR_MARK = ("An asterisk and a dashed ring mark a count that includes a study the review's author wrote or "
               "co-wrote (the review itself is not marked).")
ALL = "all"  # the row of each sector block that counts every work of the cell


@dataclass(frozen=True)
class Category:
    """A row of the map within a sector: which works it counts, how it is labelled, coloured and shaped."""
    key: str
    label: str
    values: tuple  # study kinds (kind map) or evidence_of values (evidence-of map)
    colour: str


# Study kinds in groups, strongest designs first; systematic reviews and the review itself have rows of their own.
# Okabe and Ito's colours, with grey for an unstated design; the row label always names the group as well.
KIND_GROUPS = (
    Category("systematic-review", "Systematic reviews", ("systematic-review",), "#0072B2"),
    Category("trial", "Trials, before-after studies", ("trial", "quasi-experimental"), "#009E73"),
    Category("survey", "Surveys", ("survey",), "#56B4E9"),
    Category("case-study", "Case studies, qualitative", ("case-study", "qualitative"), "#CC79A7"),
    Category("economic-estimate", "Economic estimates", ("economic-estimate",), "#E69F00"),
    Category("report", "Reports, statistics, news", ("grey-literature", "official-statistics", "news-or-web"), "#D55E00"),
    Category("unstated", "Design not stated or other", ("unstated",), "#999999"),
    Category("the-review", "The review's own figures", ("the-review",), "#000000"),
)
EVIDENCE_OF = (
    Category("outcome", "Outcomes", ("outcome",), "#0072B2"),
    Category("participation", "Participation", ("participation",), "#E69F00"),
    Category("opinion", "Opinion", ("opinion",), "#CC79A7"),
    Category("cost", "Cost", ("cost",), "#D55E00"),
    Category("scale", "Scale of a programme", ("scale",), "#999999"),
    Category("need", "Need", ("need",), "#999999"),
    Category("evidence", "The evidence itself", ("evidence",), "#999999"),
    Category(NOT_CODED, "Not yet coded", (NOT_CODED,), "#FFFFFF"),
)
ONLY_PROCESS = ("participation", "opinion", "cost")  # what a student asks about besides outcomes


def group_of(kind):
    return next(g for g in KIND_GROUPS if kind in g.values)


def links(stats=None, studies=None):
    """One row per statistic and study it cites: the statistic's tags with the study's kind, group and author."""
    stats = load_statistics() if stats is None else stats
    studies = load_studies() if studies is None else studies
    rows = []
    for stat_id, row in stats.iterrows():
        for key in source_keys(row["source"]):
            study = studies.loc[key]
            rows.append({"stat_id": stat_id, "sector": row["sector"], "co": row["co"], "pathway": row["pathway"],
                         "evidence_of": row["evidence_of"] or NOT_CODED, "key": key, "kind": study["kind"],
                         "group": group_of(study["kind"]).key,
                         "by_review_author": bool(study["by_review_author"]) and key != REVIEW_KEY})
    return pd.DataFrame(rows, columns=["stat_id", "sector", "co", "pathway", "evidence_of", "key", "kind", "group",
                                       "by_review_author"])


def select(where, linked):
    """The statistics and works that a cell's `where` ({column: [values]}) picks out of `links()`."""
    mask = pd.Series(True, index=linked.index)
    for column, values in where.items():
        mask &= linked[column].isin(values)
    picked = linked[mask]
    return sorted(set(picked["stat_id"])), sorted(set(picked["key"]))


def _sectors(stats):
    return [s for s in vocabulary("sector") if (stats["sector"] == s).any()]


def across_name(across, value):
    return ACROSS_NAMES.get(across, {}).get(value, value)


def categories(by, linked):
    """The rows of each sector block: the kind groups, or the evidence_of values, present in the data."""
    if by == "kind":
        return [g for g in KIND_GROUPS if linked["group"].eq(g.key).any()]
    return [c for c in EVIDENCE_OF if linked["evidence_of"].isin(c.values).any()]


def _href(where):
    query = "&".join(f"{column}={'+'.join(values)}" for column, values in where.items())
    return f"{APPENDIX_PAGE}?{query}#all-statistics"


def map_frame(across, by="kind", stats=None, studies=None):
    """The map's data: for each sector and `across` value (co or pathway), a row per category of `by` ("kind": the
    kind groups; "evidence_of": what the figures are evidence of) and a first row for all works of the cell.

    Each row counts distinct works (`n`), keeps what it counts (`study_keys`, `stat_ids`) and how it picked them
    (`where`, columns of `links()`), so a check can recount it from the CSVs; `href` opens the data appendix
    filtered to those rows.
    """
    stats = load_statistics() if stats is None else stats
    linked = links(stats, studies)
    bibliography = load_bibliography()
    column = "kind" if by == "kind" else "evidence_of"
    rows = []
    for sector in _sectors(stats):
        for value in vocabulary(across):
            cell = {"sector": [sector], across: [value]}
            for category in [None] + categories(by, linked):
                where = dict(cell) if category is None else {**cell, column: list(category.values)}
                stat_ids, keys = select(where, linked)
                by_author = sorted(set(linked[linked["key"].isin(keys) & linked["by_review_author"]]["key"]))
                label = str(len(keys))
                if by_author and category is not None:
                    label += "*"  # and a dashed ring: the count includes work by the review's author
                if category is not None and not keys:
                    continue  # an empty mark draws nothing; the cell's first row still says how many works it has
                rows.append({
                    "sector": sector, "sector_name": SECTOR_NAMES[sector], across: value,
                    "across_name": across_name(across, value),
                    "category": ALL if category is None else category.key,
                    "category_label": "All works in the cell" if category is None else category.label,
                    "n": len(keys), "label": label, "by_review_author": len(by_author),
                    "works": "; ".join(author_year(k, bibliography) for k in keys),
                    "study_keys": keys, "stat_ids": stat_ids, "where": where,
                    "href": _href({k: v for k, v in where.items()}),
                })
    return pd.DataFrame(rows)


def _cell_matrix(across, stats, studies, columns):
    """One row per sector × `across` value: sector, value, then `columns(cell)` for the cell's links."""
    stats = load_statistics() if stats is None else stats
    linked = links(stats, studies)
    return pd.DataFrame([{"sector": sector, across: value,
                          **columns(linked[(linked["sector"] == sector) & (linked[across] == value)])}
                         for sector in _sectors(stats) for value in vocabulary(across)])


def matrix(across, stats=None, studies=None):
    """The kind map as a matrix, one row per cell: works per study kind (all twelve), in all, and by the author."""
    def columns(cell):
        row = {kind: cell.loc[cell["kind"] == kind, "key"].nunique() for kind in vocabulary("kind", "studies")}
        row["all_works"] = cell["key"].nunique()
        row["primary_studies"] = cell.loc[cell["key"] != REVIEW_KEY, "key"].nunique()
        row["by_review_author"] = cell.loc[cell["by_review_author"], "key"].nunique()
        row["statistics"] = cell["stat_id"].nunique()
        row["works"] = "; ".join(sorted(set(cell["key"])))
        return row
    return _cell_matrix(across, stats, studies, columns)


def evidence_of_matrix(across, stats=None, studies=None):
    """The second view as a matrix, one row per cell: works per evidence_of value, statistics per value."""
    codes = list(vocabulary("evidence_of")) + [NOT_CODED]

    def columns(cell):
        row = {"all_works": cell["key"].nunique()}
        row.update({f"works_{c}": cell.loc[cell["evidence_of"] == c, "key"].nunique() for c in codes})
        row.update({f"statistics_{c}": cell.loc[cell["evidence_of"] == c, "stat_id"].nunique() for c in codes})
        return row
    return _cell_matrix(across, stats, studies, columns)


def describe_map(frame, across, by="kind"):
    """The text description of a map for screen readers: every non-empty count, cell by cell."""
    what = "kind of study" if by == "kind" else "what the figures are evidence of"
    parts = []
    for (sector, value), cell in frame.groupby(["sector_name", "across_name"], sort=False):
        total = cell[cell["category"] == ALL]["n"].iloc[0]
        counts = [f"{r.category_label.lower()} {r.n}" + (f" ({r.by_review_author} of them by the review's author, "
                                                          "the review itself not counted)"
                                                          if r.by_review_author else "")
                  for r in cell.itertuples() if r.category != ALL and r.n]
        parts.append(f"{sector}, {value}: {total} {'work' if total == 1 else 'works'}"
                     + (f" ({', '.join(counts)})" if counts else ""))
    return (f"Map of the works the review cites, by sector and {across}, each counted once per cell, by {what}; "
            "circle area is proportional to the count. " + "; ".join(parts) + ".")


def map_takeaway(frame, across):
    """The map's subtitle: what it maps, and its fullest cell (computed)."""
    reading = map_readings(frame, across)
    return ("The works Loeffler (2020) cites for a figure, each counted once per cell, by kind of study: a map of one "
            f"review's evidence, not of all the literature or of practice. Fullest cell of a "
            f"{'Co' if across == 'co' else 'pathway'}: "
            f"{reading['fullest']} ({plural(reading['fullest_n'], 'work')}). " + AUTHOR_MARK)


def evidence_of_takeaway(stats=None, studies=None):
    """The second view's subtitle: in how many cells works give figures on outcomes, and in how many only on other
    things (computed)."""
    reading = evidence_of_readings(stats, studies)
    text = (f"Cells where a work gives figures on outcomes: {reading['n_with_outcome']}. Cells whose coded figures "
            f"show only participation, opinion, cost, scale, need or the evidence itself: {reading['n_without_outcome']}.")
    if reading["n_not_coded"]:
        text += f" Not yet coded: {plural(reading['n_not_coded'], 'statistic')}."
    return text + " " + AUTHOR_MARK


# --- Readings: words computed from counts -------------------------------------------------------------------------

def compare(a, b):
    """How `a` stands to `b`, in words: 'more', 'fewer' or 'as many'."""
    return "more" if a > b else "fewer" if a < b else "as many"


def than(a, b):
    """'more than', 'fewer than' or 'as many as'."""
    return {"more": "more than", "fewer": "fewer than", "as many": "as many as"}[compare(a, b)]


def share(k, n):
    """What share `k` of `n` is, in words."""
    if n == 0 or k == 0:
        return "none"
    if k == n:
        return "all"
    if 2 * k > n:
        return "most"
    if 2 * k == n:
        return "half"
    return "a minority"


SHARE_WORDS = {"none": "none of them", "all": "all of them", "most": "most of them", "half": "half of them",
               "a minority": "a minority"}


def listing(items, empty="none"):
    items = list(items)
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n, word, words=None):
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _studies_in(linked, **where):
    """Distinct primary studies (the review itself not counted) among links matching `where`."""
    mask = linked["key"] != REVIEW_KEY
    for column, values in where.items():
        mask &= linked[column].isin(values if isinstance(values, (list, tuple)) else [values])
    return set(linked.loc[mask, "key"])


def _schemes_in(works):
    """How many schemes `works` report: the works of one scheme (SAME_SCHEME) count once."""
    return len(works) - sum(len(keys) - 1 for keys in SAME_SCHEME if set(keys) <= works)


def kind_table(studies=None, stats=None):
    """Studies per kind: every work of the bibliography, and those the review cites for a statistic."""
    studies = load_studies() if studies is None else studies
    stats = load_statistics() if stats is None else stats
    cited = set(links(stats, studies)["key"])
    rows, hrefs = [], []
    for kind in vocabulary("kind", "studies"):
        keys = set(studies.index[studies["kind"] == kind])
        rows.append([kind, group_of(kind).label, str(len(keys)), str(len(keys & cited))])
        hrefs.append([None, None, None, f"{APPENDIX_PAGE}?kind={kind}#all-statistics" if keys & cited else None])
    rows.append(["all kinds", "", str(len(studies)), str(len(cited))])
    hrefs.append([None] * 4)
    return Table(["Kind (data/studies.csv)", "Row of the map", "Works in the bibliography", "Cited for a statistic"],
                 rows, "Works by kind, as coded from what the review says of each; each count of cited works links to "
                       "their statistics in the data appendix.", hrefs, "evidence-table kind-table")


def cell_names(frame, across, cells):
    return [f"{SECTOR_NAMES[s]} × {across_name(across, v)}" for s, v in cells]


# The block of each map that holds figures about no Co or no pathway: not a place where co-production was found.
LEFTOVER = {"co": "context", "pathway": "none"}


def map_readings(frame, across):
    """Which cells have no work at all, which rest on a single work, and the fullest cell of a Co or pathway (the
    leftover block, context or no pathway, is not a finding about co-production, so it is not named fullest)."""
    totals = frame[frame["category"] == ALL]
    empty = [(r.sector, getattr(r, across)) for r in totals.itertuples() if r.n == 0]
    single = [(r.sector, getattr(r, across)) for r in totals.itertuples() if r.n == 1]
    named = totals[totals[across] != LEFTOVER[across]]
    top = named["n"].max()
    fullest = [(r.sector, getattr(r, across)) for r in named.itertuples() if r.n == top]
    return {
        "empty": listing(cell_names(frame, across, empty), "none"),
        "n_empty": len(empty), "n_cells": len(totals),
        "single": listing(cell_names(frame, across, single), "none"),
        "fullest": listing(cell_names(frame, across, fullest)), "fullest_n": int(top),
    }


def evidence_of_readings(stats=None, studies=None):
    """Where there is evidence of outcomes (sector × Co), and where the figures show only other things."""
    stats = load_statistics() if stats is None else stats
    linked = links(stats, studies)
    with_outcome, without = [], []
    for sector in _sectors(stats):
        for co in vocabulary("co"):
            cell = linked[(linked["sector"] == sector) & (linked["co"] == co)]
            if cell.empty:
                continue
            name = f"{SECTOR_NAMES[sector]} × {across_name('co', co)}"
            outcome = cell.loc[cell["evidence_of"] == "outcome", "key"].nunique()
            if outcome:
                with_outcome.append(f"{name} ({plural(outcome, 'work')})")
            elif not cell["evidence_of"].eq(NOT_CODED).any():
                without.append(name)
    uncoded = int((stats["evidence_of"] == "").sum())
    return {
        "with_outcome": listing(with_outcome, "none"), "n_with_outcome": len(with_outcome),
        "without_outcome": listing(without, "none"), "n_without_outcome": len(without),
        "n_not_coded": uncoded,
        "not_coded": ("" if not uncoded else
                      f"{plural(uncoded, 'statistic')} of {len(stats)} {'is' if uncoded == 1 else 'are'} not yet coded "
                      "for what they are evidence of; a cell with uncoded figures and no outcome so far is in neither "
                      "list, and the lists will change as the coding is completed. "),
    }


def conclusion_readings(stats=None, studies=None):
    """What the coded data show beside each of the review's four conclusions, as sentences of counts (ours)."""
    stats = load_statistics() if stats is None else stats
    linked = links(stats, studies)
    out = {}

    # 1. Extent of co-delivery; case studies.
    delivery = linked[(linked["co"] == "co-delivery") & (linked["key"] != REVIEW_KEY)]
    studies_cd = set(delivery["key"])
    by_group = {g.key: delivery.loc[delivery["group"] == g.key, "key"].nunique() for g in KIND_GROUPS}
    case = by_group["case-study"]
    cd_stats = stats[stats["co"] == "co-delivery"]
    coded = cd_stats[cd_stats["evidence_of"] != ""]
    counts = coded["evidence_of"].value_counts()
    kinds_text = "; ".join(f"{g.label.lower()} {by_group[g.key]}" for g in KIND_GROUPS
                           if g.key != "the-review" and by_group[g.key])
    parts = [f"{int(counts[v])} of {v}" for v in vocabulary("evidence_of") if counts.get(v, 0)]
    evidence_text = listing([parts[0].replace(" of ", " are evidence of ", 1)] + parts[1:]) if parts else ""
    reach = int(counts.get("participation", 0) + counts.get("scale", 0))
    if len(coded) == 0:
        coding = f"None of the {len(cd_stats)} co-delivery statistics is coded yet for what it is evidence of."
    else:
        coding = (f"Of the {len(cd_stats)} co-delivery statistics"
                  + (f", {len(coded)} coded so far:" if len(coded) < len(cd_stats) else ",")
                  + f" {evidence_text}; {reach} of them count people taking part or the reach or size of a programme.")
    out["c1"] = (
        f"In this book's coding, the review cites {plural(len(studies_cd), 'work')} for figures on "
        f"co-delivery ({kinds_text}). Case studies and qualitative research: {case} of {len(studies_cd)}, "
        f"{SHARE_WORDS[share(case, len(studies_cd))]}. " + coding)
    out["c1_case"], out["c1_studies"] = case, len(studies_cd)

    # 2. Pathways of co-delivery, by sector.
    parts, pattern = [], {}
    for sector in ("health", "social-care", "public-safety"):
        n = {p: _schemes_in(_studies_in(linked, sector=sector, co="co-delivery", pathway=p)) for p in PATHWAYS}
        pattern[sector] = n
        parts.append(f"in {SECTOR_NAMES[sector]}, {n['prevention']} on prevention, {n['treatment']} on treatment and "
                     f"{n['rehabilitation']} on rehabilitation")
    health_care = {}
    for sector in ("health", "social-care"):
        health_care.setdefault(than(pattern[sector]["treatment"], pattern[sector]["prevention"]), []).append(
            SECTOR_NAMES[sector])
    treatment_text = "; ".join(f"in {listing(sectors)}, treatment has {word} prevention"
                               for word, sectors in health_care.items())
    ps = pattern["public-safety"]
    # The review: treatment before prevention in health and social care. Its public safety contrast, detection against
    # prevention or dealing with the consequences of crime, has no tag of its own, so public safety is not counted.
    agree = sum(pattern[s]["treatment"] > pattern[s]["prevention"] for s in ("health", "social-care"))
    contrast = ("the counts show the review's contrast" if agree == 2 else
                "the counts do not show the review's contrast" if agree == 0 else
                "the counts show part of the review's contrast")
    # What makes these counts fragile: how small they are, a scheme reported in two works, works with no pathway tag.
    largest = max(max(n.values()) for n in pattern.values())
    same_scheme = [f"{scheme} in {SECTOR_NAMES[sector]} {pathway}" for keys, scheme in SAME_SCHEME.items()
             for sector in pattern for pathway in PATHWAYS
             if set(keys) <= _studies_in(linked, sector=sector, co="co-delivery", pathway=pathway)]
    untagged = {s: len(_studies_in(linked, sector=s, co="co-delivery", pathway="none")
                       - _studies_in(linked, sector=s, co="co-delivery", pathway=list(PATHWAYS))) for s in pattern}
    caveats = [f"no cell counts more than {plural(largest, 'work')}"]
    if same_scheme:
        caveats.append(f"one scheme reported in two works is counted once ({listing(same_scheme)})")
    if any(untagged.values()):
        caveats.append("some works cited for co-delivery figures carry no pathway tag and are left out ("
                       + ", ".join(f"{n} in {SECTOR_NAMES[s]}" for s, n in untagged.items() if n) + ")")
    out["c2"] = (f"Counting distinct works cited for co-delivery figures (the works of one scheme counted once), by the "
                 f"book's pathway tags: {'; '.join(parts)}. "
                 f"So {treatment_text}: in short, for health and social care, {contrast}. In public safety, treatment "
                 f"(in this book's mapping, detecting crime and removing offenders) has {plural(ps['treatment'], 'work')}, "
                 f"against {ps['prevention']} on prevention and {ps['rehabilitation']} on rehabilitation. The review "
                 "sets detection against prevention or dealing with the consequences of crime; in our tags detection "
                 "shares treatment with removing offenders, and dealing with the consequences has no tag of its own "
                 "(rehabilitation covers part of it), so these counts cannot isolate the review's contrast there. "
                 f"And {listing(caveats)}: one work either way can change a comparison this small.")
    out["c2_contrast"] = contrast

    # 3. Citizen voice across the sectors.
    voice = {s: len(_studies_in(linked, sector=s, co=list(VOICE))) for s in ("health", "social-care", "public-safety")}
    ps, sc, h = voice["public-safety"], voice["social-care"], voice["health"]
    gap_sc, gap_h = sc - ps, h - ps
    out["c3"] = (
        f"Counting distinct works cited for figures on co-commissioning, co-design or co-assessment: "
        f"{h} in health, {sc} in social care and {ps} in public safety. Public safety has {than(ps, sc)} social care "
        f"and {than(ps, h)} health. As we read it, the review's \u201cto some degree\u201d implies a smaller gap to "
        f"health than to social care; in these counts the gap to health is "
        f"{'smaller' if gap_h < gap_sc else 'larger' if gap_h > gap_sc else 'the same'} "
        f"({gap_h} against {gap_sc})"
        + ("; a difference this small, between works cited rather than initiatives, cannot bear on the hedge."
           if abs(gap_h - gap_sc) <= 2 else "."))
    out["c3_voice"] = voice

    # 4. Co-delivery the most significant form in every sector.
    leaders = []
    for sector in ("health", "social-care", "public-safety"):
        n = {co: len(_studies_in(linked, sector=sector, co=co)) for co in vocabulary("co") if co != "context"}
        top = max(n.values())
        first = [co for co, k in n.items() if k == top]
        leaders.append((sector, first, n))
    lead_cd = [SECTOR_NAMES[s] for s, first, _ in leaders if first == ["co-delivery"]]
    other = []
    for sector, first, n in leaders:
        if first == ["co-delivery"]:
            continue
        if "co-delivery" in first:
            rivals = [co for co in first if co != "co-delivery"]
            other.append(f"in {SECTOR_NAMES[sector]}, co-delivery and {listing(rivals)} have as many as each other "
                         f"({n['co-delivery']} works each)")
        else:
            other.append(f"in {SECTOR_NAMES[sector]}, {listing(first)} {'has' if len(first) == 1 else 'have'} more "
                         f"({n[first[0]]} works, against {n['co-delivery']} for co-delivery)")
    out["c4"] = (
        "Counting distinct works cited for figures on each Co, co-delivery has more than any other Co in "
        f"{listing(lead_cd, 'no sector')}" + (f"; {'; '.join(other)}" if other else "") + ".")
    out["c4_leaders"] = {s: first for s, first, _ in leaders}
    return out


# --- Key findings across the sectors -------------------------------------------------------------------------------

# The statistics behind each key finding of the page's table, sector by sector, in the table's order. The page prints
# them with {stat}; a test checks that its table names exactly these ids, so the kinds glued beside them are theirs.
KEY_FINDINGS = {
    "health": (
        ("health-self-care-patients-recent-period", "health-self-care-patients-not-encouraged",
         "health-self-care-patients-never-advised"),
        ("health-ebcd-countries", "health-ebcd-projects", "health-ebcd-patients-engaged",
         "health-ebcd-made-a-difference", "health-ebcd-took-too-long"),
        ("health-madrid-medication-age-threshold", "health-madrid-medication-high-risk-before",
         "health-madrid-medication-high-risk-after", "health-self-care-kenya-chv-skills-before",
         "health-self-care-kenya-chv-skills-after", "health-self-care-kenya-chv-training-period"),
    ),
    "social-care": (
        ("social-care-lac-savings-period", "social-care-lac-costs-diverted-or-saved",
         "social-care-dementia-peer-support-social-return"),
        ("social-care-personal-budget-share", "social-care-direct-payment-share"),
    ),
    "public-safety": (
        ("public-safety-foot-patrol-violent-crime-reduction", "public-safety-neighbourhood-watch-crime-reduction",
         "public-safety-neighbourhood-watch-studies-effective", "public-safety-neighbourhood-watch-studies-negative",
         "public-safety-speed-watch-injury-reduction", "public-safety-speed-watch-national-fall"),
        ("public-safety-st-giles-reoffending-reduction", "public-safety-yri-return",
         "public-safety-yri-police-offending-higher"),
    ),
}


def kind_name(kind):
    """A study kind of data/studies.csv in words."""
    return {"the-review": "the review's own figure", "news-or-web": "news or web page",
            "quasi-experimental": "before-after or comparison study"}.get(kind, kind.replace("-", " "))


def key_finding_evidence(stats=None, studies=None):
    """For each key finding, the kind of each work behind its statistics and what the statistics are evidence of,
    in words: {"kf_<sector>_<n>": "survey: Department of Health (2005). Evidence of opinion."}."""
    stats = load_statistics() if stats is None else stats
    studies = load_studies() if studies is None else studies
    bibliography = load_bibliography()
    out = {}
    for sector, findings in KEY_FINDINGS.items():
        for n, ids in enumerate(findings, 1):
            keys = list(dict.fromkeys(k for i in ids for k in source_keys(stats.loc[i, "source"])))
            works = "; ".join(f"{kind_name(studies.loc[k, 'kind'])}: {author_year(k, bibliography)}" for k in keys)
            what = listing(list(dict.fromkeys(stats.loc[list(ids), "evidence_of"])))
            out[f"kf_{sector.replace('-', '_')}_{n}"] = f"{works}. Evidence of {what}."
    return out


def counts(stats=None, studies=None):
    """The numbers and readings the page prints, as plain ints and strings (numpy scalars break {glue:text})."""
    stats = load_statistics() if stats is None else stats
    studies = load_studies() if studies is None else studies
    linked = links(stats, studies)
    cited = set(linked["key"]) - {REVIEW_KEY}
    kinds = studies.loc[sorted(cited), "kind"]
    result = {
        "n_statistics": len(stats), "n_works": len(studies) - 1, "n_cited_studies": len(cited),
        "n_uncited_works": len(studies) - 1 - len(cited),
        "n_systematic_reviews": int((kinds == "systematic-review").sum()),
        "n_unstated": int((kinds == "unstated").sum()),
        "n_publications": int(kinds.isin(["grey-literature", "official-statistics", "news-or-web"]).sum()),
        "n_case_studies": int(kinds.isin(["case-study", "qualitative"]).sum()),
        "n_trials": int(kinds.isin(["trial", "quasi-experimental"]).sum()),
        "n_by_review_author": int(studies.loc[sorted(cited), "by_review_author"].sum()),
        "n_review_statistics": int((stats["source"] == REVIEW_KEY).sum()),
        "n_author_statistics": int(linked.loc[linked["by_review_author"], "stat_id"].nunique()),
        "n_statistics_by_author": int(linked.loc[linked["by_review_author"] | (linked["key"] == REVIEW_KEY),
                                                 "stat_id"].nunique()),
    }
    for across in ("co", "pathway"):
        for name, value in map_readings(map_frame(across, "kind", stats, studies), across).items():
            result[f"map_{across}_{name}"] = value
    result.update({f"eo_{k}": v for k, v in evidence_of_readings(stats, studies).items()})
    result.update({k: v for k, v in conclusion_readings(stats, studies).items() if isinstance(v, (int, str))})
    result.update(key_finding_evidence(stats, studies))
    return result


def glue_counts(stats=None, studies=None):
    for name, value in counts(stats, studies).items():
        glue(name, value if isinstance(value, str) else int(value), display=False)


# --- Returns and costs ----------------------------------------------------------------------------------------------

# Returns per pound. A social return on investment prices outcomes that are not cash; a saving to the public purse
# counts what budgets save; the YRI's second figure adds victims' social costs. Each has a panel and axis of its own.
RETURNS = {  # id: (label, axis title of its panel, basis)
    "social-care-dementia-peer-support-social-return": (
        "Dementia peer support groups", "Social value created per £1 invested (social return on investment)",
        "social value per £1; period not stated"),
    "public-safety-yri-return": (
        "Youth Restorative Intervention: public purse savings", "Savings to the public purse per £1 invested",
        "public purse only; period not stated"),
    "public-safety-yri-return-with-victims": (
        "Youth Restorative Intervention: with victims' social costs", "Public purse savings plus victims' social costs avoided, per £1 invested",
        "adds some £200 of victims' social costs per victim; period not stated"),
}
COSTS_AND_PAYOFFS = {  # id: (label, kind, basis): rows that report pounds per person or per case
    "social-care-befriending-cost-per-person": ("Befriending: cost", "Cost", "typical, to administer, per older person; no period stated"),
    "social-care-befriending-savings-per-person": ("Befriending: savings", "Pay-off or saving", "per older person, first year alone"),
    "social-care-community-organiser-cost-per-person": ("Community organisers: cost", "Cost", "typical, per person; no period stated"),
    "social-care-community-organiser-benefit-per-person": ("Community organisers: benefits", "Pay-off or saving",
                                                           "could have, per person, first year alone"),
    "social-care-time-bank-payoff-per-member": ("Time banks: pay-offs", "Pay-off or saving",
                                                "could bring, per member; no period stated"),
    "public-safety-yri-cost-per-case": ("Youth Restorative Intervention: cost", "Cost", "per case"),
    "public-safety-yri-police-cost-per-case": ("Police processing instead: cost", "Cost", "per case"),
}


def returns():
    """Returns per £1, each row with its `basis` and the `panel` (axis) it belongs on."""
    ids = list(RETURNS)
    frame = charts.rows(ids, labels={i: v[0] for i, v in RETURNS.items()}, panel={i: v[1] for i, v in RETURNS.items()},
                        basis={i: v[2] for i, v in RETURNS.items()})
    frame["shown"] = frame["formatted"] + " (" + frame["basis"] + ")"
    return frame


def returns_chart(frame):
    """A panel per kind of return, each with its own titled axis on one common scale, never one unlabelled axis."""
    top = float(max(frame["value"].max(), frame["value_high"].dropna().max())) * 1.1
    panels = [charts.basis_chart(frame[frame["panel"] == panel], x_title=panel, domain_max=top)
              for panel in dict.fromkeys(frame["panel"])]
    return alt.vconcat(*panels, spacing=18).resolve_scale(x="independent")


def costs_and_payoffs():
    """Rows in pounds per person or per case: costs and pay-offs, each with the basis the review gives it."""
    ids = list(COSTS_AND_PAYOFFS)
    frame = charts.rows(ids, labels={i: v[0] for i, v in COSTS_AND_PAYOFFS.items()},
                        Kind={i: v[1] for i, v in COSTS_AND_PAYOFFS.items()},
                        basis={i: v[2] for i, v in COSTS_AND_PAYOFFS.items()})
    frame["shown"] = frame["formatted"] + " (" + frame["basis"] + ")"
    return frame
