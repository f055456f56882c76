"""What a student and a lecturer get from each sector chapter (issue 15), read from the built HTML: learning
objectives before the first section, key findings that each carry a statistic, a citation and the kind of evidence
behind them (a kind that data/studies.csv gives a study the finding cites), questions for discussion at the end, and
links into the glossary."""
import re
from urllib.parse import urlparse

import pytest

from evidence import paths
from evidence.bibstyle import KIND_LABELS
from evidence.load import author_year, load_bibliography, load_studies

SECTORS = ["health", "social-care", "public-safety"]
STUDIES = load_studies()
# The key findings name kinds of study in the words the bibliography uses (data/studies.csv holds the codes).
KIND_OF_LABEL = {label: kind for kind, label in KIND_LABELS.items()}


def _citation_labels():
    """{in-text label: key}: 'Loeffler et al., 2008' for each work, as the author-year style prints it in a citation."""
    bibliography = load_bibliography()
    labels = {}
    for key in bibliography.entries:
        names, year = re.fullmatch(r"(.*) \((.*)\)", author_year(key, bibliography)).groups()
        labels.setdefault(f"{names}, {year}", []).append(key)
    return labels


LABELS = _citation_labels()


def cited_keys(tag):
    """The bibliography keys of every citation inside a tag: {cite:p} prints 'Names, year' as the link; {cite:t}
    prints 'Names [year]', the year alone as the link."""
    keys = []
    for span in tag.select("span.bibtex-citation"):
        for link in span.select("a[href*='bibliography.html#']"):
            label = link.get_text(" ", strip=True)
            if re.fullmatch(r"(?:\d{4}[a-z]?|n\.d\.)", label):
                label = f"{span.get_text().split('[')[0].strip()}, {label}"
            matches = LABELS.get(label, [])
            assert len(matches) == 1, f"citation {label!r} names {len(matches)} works of references.bib"
            keys.append(matches[0])
    return keys


def article(pages, sector):
    return pages[f"chapters/{sector}.html"].select_one("article.bd-article")


# Sections the build appends to every chapter (evidence.citing.add_cite_this_page), not written by its author.
BUILD_SECTIONS = {"cite-this-page"}


def top_sections(soup):
    """The chapter's own sections: its h2-level <section> elements, in order, without those the build appends."""
    return [h2.parent for h2 in soup.select("section > h2") if h2.parent.get("id") not in BUILD_SECTIONS]


def section_titled(soup, title, sector):
    found = [s for s in top_sections(soup) if s.find("h2").get_text(" ", strip=True).rstrip("#¶ ").strip() == title]
    assert len(found) == 1, f"{sector}: expected one section '{title}', found {len(found)}"
    return found[0]


def items(section):
    """The items of the section's numbered list (the list directly in the section, not nested lists)."""
    lists = section.find_all("ol", recursive=False)
    title = section.find("h2").get_text(" ", strip=True).rstrip("#¶ ")
    assert len(lists) == 1, f"{section.get('id')} ({title}): expected one numbered list, found {len(lists)}"
    return lists[0].find_all("li", recursive=False)


@pytest.mark.parametrize("sector", SECTORS)
def test_learning_objectives_open_the_chapter(pages, sector):
    soup = article(pages, sector)
    boxes = soup.select("div.admonition.learning-objectives")
    assert len(boxes) == 1, f"{sector}: expected one learning-objectives admonition, found {len(boxes)}"
    box = boxes[0]
    title = box.select_one(".admonition-title").get_text(strip=True)
    assert title == "Learning objectives", f"{sector}: the objectives box is titled {title!r}"
    first_section = top_sections(soup)[0]
    assert box.sourceline < first_section.sourceline, f"{sector}: the objectives come after the first section"
    objectives = box.select("ul > li")
    assert 3 <= len(objectives) <= 4, f"{sector}: {len(objectives)} learning objectives (3 to 4 wanted)"


@pytest.mark.parametrize("sector", SECTORS)
def test_key_findings_carry_a_statistic_a_citation_and_the_kind_of_evidence(pages, sector):
    findings = items(section_titled(article(pages, sector), "Key findings", sector))
    assert 3 <= len(findings) <= 5, f"{sector}: {len(findings)} key findings (3 to 5 wanted)"
    for number, finding in enumerate(findings, 1):
        where = f"{sector}, key finding {number}"
        assert finding.find(["strong", "b"]), f"{where}: no one-line finding in bold"
        statistics = [a for a in finding.select("a.stat") if urlparse(a["href"]).path.endswith("data.html")
                      and urlparse(a["href"]).fragment.startswith("stat-")]
        assert statistics, f"{where}: no statistic linked to the data appendix"
        keys = cited_keys(finding)
        assert keys, f"{where}: no citation"
        label = re.search(r"Evidence:\s*(.+?)\s*$", finding.get_text(" ", strip=True))
        assert label, f"{where}: no 'Evidence:' label at its end"
        labels = [k.strip() for k in label.group(1).split(";")]
        assert set(labels) <= set(KIND_OF_LABEL), (
            f"{where}: {labels} are not all plain labels of the kinds of data/studies.csv ({sorted(KIND_OF_LABEL)})")
        kinds = [KIND_OF_LABEL[k] for k in labels]
        cited_kinds = {STUDIES.loc[key, "kind"] for key in keys}
        assert set(kinds) & cited_kinds, f"{where}: Evidence {kinds}, but the studies it cites are {sorted(cited_kinds)}"
        unmatched = set(kinds) - cited_kinds
        assert not unmatched, f"{where}: Evidence names {sorted(unmatched)}, a kind of none of the studies it cites"


@pytest.mark.parametrize("sector", SECTORS)
def test_questions_for_discussion_close_the_chapter(pages, sector):
    soup = article(pages, sector)
    questions = section_titled(soup, "Questions for discussion", sector)
    assert top_sections(soup)[-1] is questions, f"{sector}: 'Questions for discussion' is not the last section"
    asked = items(questions)
    assert 4 <= len(asked) <= 6, f"{sector}: {len(asked)} questions (4 to 6 wanted)"
    assert all(q.get_text(strip=True).endswith("?") for q in asked), f"{sector}: an item is not a question"


@pytest.mark.parametrize("sector", SECTORS)
def test_each_sector_chapter_links_at_least_three_glossary_terms(pages, sector):
    glossary = pages["chapters/glossary.html"]
    terms = {}
    for link in article(pages, sector).select("a[href^='glossary.html#']"):
        anchor = urlparse(link["href"]).fragment
        assert glossary.find(id=anchor) is not None, f"{sector}: {link['href']} leads to no glossary entry"
        terms.setdefault(anchor, link.get_text(" ", strip=True))
    assert len(terms) >= 3, f"{sector}: links {len(terms)} glossary terms ({sorted(terms.values())}); 3 wanted"
