"""Counts and tables for the methods page, computed from the data (so its limitations move with the data)."""
from myst_nb import glue

from evidence.load import author_year, load_bibliography
from evidence.tables import Table
from evidence.validate import REVIEW_KEY, vocabulary


def _with_studies(stats, studies):
    """The statistics with their study's kind and authorship beside them."""
    return stats.assign(kind=stats["source"].map(studies["kind"]),
                        by_review_author=stats["source"].map(studies["by_review_author"]))


def counts(stats, studies):
    """The numbers the page's prose quotes, as plain ints."""
    coded = _with_studies(stats, studies)
    return {
        "all_statistics": len(stats),
        "by_author_statistics": int(coded["by_review_author"].sum()),
        "own_judgement_statistics": int((coded["source"] == REVIEW_KEY).sum()),
        "all_studies": len(studies),
        "unstated_studies": int((studies["kind"] == "unstated").sum()),
    }


def glue_counts(stats, studies):
    for name, value in counts(stats, studies).items():
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
    own = coded[coded["by_review_author"]]
    body = [[author_year(key, bibliography), studies.loc[key, "kind"], str(len(rows)),
             ", ".join(sorted(set(rows["sector"])))] for key, rows in own.groupby("source", sort=False)]
    return Table(["Work", "Kind", "Statistics", "Sectors"], body,
                 "Statistics that rest on the review's own judgements or on surveys and studies its author wrote or "
                 "co-wrote.")
