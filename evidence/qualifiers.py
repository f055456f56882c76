"""How exact the source is about a number, and how the book prints it: one table for parsing, checking and formatting.

Each qualifier lists the words that signal it in `as_written` and how the book prints it. Validation reads the
qualifier that `as_written` implies and stops the build if the `qualifier` column says otherwise, so "well over 80%"
can never be printed as a bare "over 80%", nor "at maximum, 14%" as "up to 14%".
"""
import re

# name: (words that signal it in as_written, printed before the number, printed after it)
QUALIFIERS = {
    "exact": ((), "", ""),
    "over": (("over", "more than", "more", "above", "in excess of"), "over ", ""),
    "well over": (("well over", "well in excess of"), "well over ", ""),
    "just over": (("just over",), "just over ", ""),
    "nearly": (("nearly", "almost"), "nearly ", ""),
    "just under": (("just under",), "just under ", ""),
    "around": (("about", "around", "some", "approximately", "an estimated", "roughly"), "about ", ""),
    "at least": (("at least",), "at least ", ""),
    "or more": (("or more",), "", " or more"),
    "up to": (("up to",), "up to ", ""),
    "at most": (("at maximum", "a maximum of", "at most"), "at most ", ""),
    "within": (("within",), "within ", ""),
    "less than": (("less than", "fewer than", "under", "below"), "less than ", ""),
    "or fewer": (("or fewer", "or less"), "", " or fewer"),
    "between": ((), "", ""),  # a range: as_written gives two numbers
}
SIGNALS = sorted(((word, name) for name, (words, _, _) in QUALIFIERS.items() for word in words),
                 key=lambda pair: -len(pair[0]))


def _find(word, text):
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text)


def implied_qualifier(as_written, is_range):
    """The qualifier that the words of `as_written` imply; the longest signal wins ("well over" beats "over")."""
    if is_range:
        return "between"
    text = as_written.lower()
    return next((name for word, name in SIGNALS if _find(word, text)), "exact")


def signal_words():
    """Every qualifying word, longest first: the number parser strips them before reading the number."""
    return [word for word, _ in SIGNALS]


def printed(qualifier, number_text):
    """The number with its qualifier, as the book prints it."""
    _, before, after = QUALIFIERS[qualifier]
    return f"{before}{number_text}{after}"
