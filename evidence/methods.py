"""Counts and tables for the methods page, computed from the data (so its limitations move with the data)."""
from myst_nb import glue

from evidence.load import author_year, load_bibliography, load_second_coding
from evidence.tables import Table
from evidence.validate import REVIEW_KEY, vocabulary


def _with_studies(stats, studies):
    """The statistics with their study's kind and authorship beside them."""
    return stats.assign(kind=stats["source"].map(studies["kind"]),
                        by_review_author=stats["source"].map(studies["by_review_author"]))


JUDGEMENT = "in the review's judgement"  # how a row's measure marks a number that is the review's own reading


def _review_rows(stats):
    """Rows cited to the review itself: its own judgements, and other bodies' figures the book cites to the review."""
    cited = stats[stats["source"] == REVIEW_KEY]
    judgement = cited["measure"].str.contains(JUDGEMENT, regex=False)
    return cited[judgement], cited[~judgement]


def counts(stats, studies):
    """The numbers the page's prose quotes, as plain ints."""
    coded = _with_studies(stats, studies)
    judgements, unsourced = _review_rows(stats)
    author_studies = int((coded["by_review_author"] & (coded["source"] != REVIEW_KEY)).sum())
    return {
        "all_statistics": len(stats),
        "author_study_statistics": author_studies,
        "review_judgement_statistics": len(judgements),
        "author_own_statistics": author_studies + len(judgements),
        "review_unsourced_statistics": len(unsourced),
        "outcome_statistics": int((stats["evidence_of"] == "outcome").sum()),
        "all_studies": len(studies),
        "unstated_studies": int((studies["kind"] == "unstated").sum()),
        "grey_literature_studies": int((studies["kind"] == "grey-literature").sum()),
        "studies_without_statistics": int((~studies.index.isin(stats["source"])).sum()),
    }


def agreement(first, second):
    """How far two codings ({id: code}) agree on the ids both coded: the count, the agreements, Cohen's kappa (to two
    decimals, as text) and the commonest pair of codes that disagree ('participation and scale')."""
    ids = sorted(set(first) & set(second))
    pairs = [(first[i], second[i]) for i in ids]
    agreed = sum(a == b for a, b in pairs)
    codes = {c for pair in pairs for c in pair}
    observed = agreed / len(pairs)
    expected = sum((sum(a == c for a, _ in pairs) / len(pairs)) * (sum(b == c for _, b in pairs) / len(pairs))
                   for c in codes)
    kappa = 1.0 if expected == 1 else (observed - expected) / (1 - expected)
    disagreements = {}
    for a, b in pairs:
        if a != b:
            key = tuple(sorted((a, b)))
            disagreements[key] = disagreements.get(key, 0) + 1
    commonest = max(disagreements, key=lambda k: (disagreements[k], k), default=None)
    return {"double_coded": len(pairs), "codes_agreed": agreed, "kappa": f"{kappa:.2f}",
            "commonest_disagreement": " and ".join(commonest) if commonest else "none",
            "commonest_disagreement_n": disagreements.get(commonest, 0)}


def revisions(stats, first, second):
    """How the first coding was revised after the comparison: codes changed since, and how many of them now follow
    the second coder."""
    changed = [i for i in first if stats.loc[i, "evidence_of"] != first[i]]
    return {"codes_revised": len(changed),
            "codes_revised_to_second": sum(stats.loc[i, "evidence_of"] == second[i] for i in changed)}


def glue_counts(stats, studies):
    """Glue the page's counts. Agreement is measured between the two codings as they were made, not between the second
    coding and a first coding revised after seeing it."""
    first, second = load_second_coding(stats=stats, column="first_coding"), load_second_coding(stats=stats)
    values = {**counts(stats, studies), **agreement(first, second), **revisions(stats, first, second)}
    for name, value in values.items():
        glue(name, value, display=False)


def studies_by_kind_table(studies, stats):
    """Works by kind, with how many statistics rest on them and a few examples."""
    bibliography = load_bibliography()
    per_study = stats["source"].value_counts()
    body = []
    for kind in vocabulary("kind", "studies"):
        keys = list(studies.index[studies["kind"] == kind])
        if keys:
            examples = "; ".join(author_year(k, bibliography) for k in keys[:3]) + ("; …" if len(keys) > 3 else "")
            body.append([kind, str(len(keys)), str(int(per_study.reindex(keys).fillna(0).sum())), examples])
    return Table(["Kind of study", "Works", "Statistics resting on them", "For example"], body,
                 f"The {len(studies)} works of the bibliography by kind, as coded in data/studies.csv.")


def by_review_author_table(stats, studies):
    """The works by the review's author (the review included) and the statistics that rest on each."""
    bibliography = load_bibliography()
    coded = _with_studies(stats, studies)
    own = coded[coded["by_review_author"] & (coded["source"] != REVIEW_KEY)]
    body = [[author_year(key, bibliography), studies.loc[key, "kind"], str(len(rows)),
             ", ".join(sorted(set(rows["sector"])))] for key, rows in own.groupby("source", sort=False)]
    for label, rows in zip(("The review's own judgement", "Other bodies' figures, cited to the review"),
                           _review_rows(stats)):
        body.append([label, studies.loc[REVIEW_KEY, "kind"], str(len(rows)), ", ".join(sorted(set(rows["sector"])))])
    return Table(["Work", "Kind", "Statistics", "Sectors"], body,
                 "Statistics cited to works by the review's author: her own surveys and studies, the review's own "
                 "judgements, and other people's figures the book cites to the review.")
