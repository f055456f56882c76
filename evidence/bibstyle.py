"""How the bibliography and the in-text citations print: two pybtex/sphinxcontrib-bibtex styles, one for each.

- BibTeX's ``and others`` means "et al.": both styles print it so ("Donetto et al."), in the HTML and the PDF alike,
  instead of the "Donetto and others" that pybtex prints word for word.
- Titles print as the source's reference list gives them: no style lowercases "Madrid" or "NHS". (The entries also
  brace their proper nouns, so that other BibTeX styles keep them too.)
- Each bibliography entry ends with the kind of study it is, from data/studies.csv.
"""
from dataclasses import dataclass, field as dataclass_field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field, join, node, sentence
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import first_of, optional, tag
from sphinxcontrib.bibtex.style.template import join as join_et_al

from evidence.load import load_studies

FORMATTING_STYLE = "evidence"  # bibtex_default_style
REFERENCING_STYLE = "author_year_et_al"  # bibtex_reference_style
ET_AL = " et al."
# Labels for the `kind` vocabulary of data/studies.csv (data/datapackage.json defines each kind).
KIND_LABELS = {
    "systematic-review": "systematic review", "trial": "trial", "quasi-experimental": "before-and-after or comparison study",
    "survey": "survey", "qualitative": "qualitative study", "case-study": "case study",
    "economic-estimate": "economic estimate", "official-statistics": "official statistics",
    "grey-literature": "grey literature", "news-or-web": "news item or web page",
    "the-review": "the review this book retells", "unstated": "other or unstated design",
}


def is_others(person):
    """BibTeX's `and others`, which pybtex parses as a person whose last name is 'others'."""
    return str(person) == "others"


def persons_and_more(entry, role):
    """(the named persons, whether the list ends in `and others`)."""
    persons = entry.persons[role]
    return [p for p in persons if not is_others(p)], any(is_others(p) for p in persons)


@node
def names_et_al(children, context, role, name_format, sep=", ", sep2=" and ", last_sep=", and ", other=ET_AL):
    """The persons of `role`, with "et al." for `and others` (and, when `other` is given, for three or more)."""
    assert not children
    from pybtex.style.template import FieldIsMissing

    if role not in context["entry"].persons:
        raise FieldIsMissing(role, context["entry"])
    persons, more = persons_and_more(context["entry"], role)
    formatted = [name_format(context["style"], person) for person in persons]
    if more or (other and len(formatted) > 2):
        return join[formatted[0], other or ET_AL].format_data(context)
    return join_et_al(sep=sep, sep2=sep2, last_sep=last_sep)[formatted].format_data(context)


def kind_label(key):
    studies = load_studies()
    return KIND_LABELS[studies.loc[key, "kind"]] if key in studies.index else None


class EvidenceStyle(PlainStyle):
    """pybtex's plain style, with "et al.", titles as written, and the kind of study after each entry."""

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role=role, name_format=lambda style, person: style.format_name(
            person, style.abbreviate_names), other=None)
        return sentence[formatted] if as_sentence else formatted

    def format_title(self, e, which_field, as_sentence=True):
        return sentence[field(which_field)] if as_sentence else field(which_field)

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        kind = kind_label(entry.key)
        if kind:
            formatted.text = Text(formatted.text, " ", Text("Kind of study: ", kind, "."))
        return formatted


@dataclass
class EtAlPersonStyle(PersonStyle):
    """sphinxcontrib-bibtex's person style, with `and others` printed as "et al." (plain, as APA writes it)."""

    other: str = ET_AL

    def names(self, role, full):
        return names_et_al(role=role, name_format=self._format, sep=self.sep, sep2=self.sep2,
                           last_sep=self.last_sep, other=None if full else self.other)

    def author_or_editor_or_title(self, full):
        return first_of[optional[self.names("author", full)], optional[self.names("editor", full)],
                        tag("em")[field("title")]]

    def _format(self, style, person):
        return self.style_plugin.format(person, self.abbreviate)


@dataclass
class AuthorYearEtAlReferenceStyle(AuthorYearReferenceStyle):
    person: PersonStyle = dataclass_field(default_factory=EtAlPersonStyle)


def register():
    """Make both styles known to pybtex and sphinxcontrib-bibtex (before sphinxcontrib-bibtex reads its config)."""
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, EvidenceStyle)
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCING_STYLE,
                                                AuthorYearEtAlReferenceStyle)

