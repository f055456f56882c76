"""Find hand-typed numbers in chapter prose: every statistic must come from the CSV through {stat}.

The Markdown is tokenised with MyST's own parser, so the scanner reads what Sphinx will render: paragraphs,
headings, lists, tables and the bodies of directives (admonitions, glossaries, any directive it does not know).
It skips only what is not prose: code cells and other code or data directives, roles ({stat}, {cite:p}, ...),
inline code, link targets, HTML tags, labels and front matter.

A number is a digit, a number word ("nine", "fifty", "hundreds"), a fraction or multiple in words ("a third",
"twice", "nine in ten") or a per cent sign or word. Allowed: calendar years and spans (2014-15, 2017/18) where
they are used as dates, citation details (Table 4.1, p. 24, a DOI) and the names in ALLOWED_NAMES.
"""
import functools
import re
from pathlib import Path

# Directives whose body is code, data or generated content, not prose. Every other directive's body is scanned.
NOT_PROSE = {"code-cell", "code", "code-block", "sourcecode", "raw", "math", "bibliography", "include",
             "literalinclude", "toctree", "tableofcontents", "statistics-table", "data-dictionary", "chart-downloads",
             "how-to-cite", "statistics-changelog", "verification-report"}
ALLOWED_NAMES = [  # names that contain a number word but state no quantity
    r"Four Co's", r"third[- ]sector", r"third part(?:y|ies)", r"two-way", r"zero[- ]tolerance",
    r"type [12] diabetes",
    r"Foundation 4 Life",
]
CITATION_DETAIL = r"\b(?:Tables?|Figs?\.?|Figures?|Chapters?|[Ss]ections?|pp?\.)\s*\d+(?:\.\d+)*(?:\s*[-–]\s*\d+(?:\.\d+)*)?"
COUNT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
               "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety").split()
NUMBER_WORDS = (r"(?:" + "|".join(COUNT_WORDS[2:]) + r")|hundreds?|thousands?|millions?|billions?|dozens?|"
                r"zero|halves|half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?|twice|thrice|"
                r"per ?cent|percent")
NUMBER = re.compile(rf"\d|%|\b(?:{NUMBER_WORDS})\b|\bone(?=\s+(?:in|out of)\s+(?:\d|{NUMBER_WORDS})\b)",
                    re.IGNORECASE)  # "one" alone is a pronoun; "one in five" is a number ("one-third" has "third")
# A four-digit year is a date unless the words around it make it a quantity ("over 2000", "2000 people", "£2000").
YEAR = re.compile(r"(?<![£€$\d])(?<!\d[.,])\b(?:19|20)\d\d(?:[-–/](?:(?:19|20)\d\d|\d\d))?[a-z]?\b(?![\d%]|[.,]\d)")  # "2019a" cites a year
QUANTITY_BEFORE = re.compile(r"(?:over|under|about|around|some|almost|nearly|up to|at least|more than|fewer than|"
                             r"less than|than|only|just|roughly|approximately)\s+$", re.IGNORECASE)
QUANTITY_AFTER = re.compile(r"\s*(?:per ?cent|percent|people|persons|patients|members|participants|residents|"
                            r"respondents|users|adults|children|households|volunteers|staff|projects|cases|times|"
                            r"pounds|euros|dollars|hours|days|weeks|months|years|items|packs)\b", re.IGNORECASE)
DOI = r"(?:doi:\s*|https?://doi\.org/)?\b10\.\d{4,}/\S+"  # a DOI is a citation detail
MASKS = [re.compile(p, re.IGNORECASE) for p in ALLOWED_NAMES] + [re.compile(CITATION_DETAIL), re.compile(DOI)]


@functools.lru_cache(maxsize=1)
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions={"colon_fence", "dollarmath", "deflist", "substitution"})
    return create_md_parser(config, RendererHTML)


def _is_date(text, match):
    """A year-shaped number is a date unless a quantity word stands before it or a unit after it."""
    return not (QUANTITY_BEFORE.search(text[:match.start()]) or QUANTITY_AFTER.match(text[match.end():]))


def _mask(text):
    """Blank out what may hold digits or number words without stating a quantity, keeping offsets."""
    for pattern in MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return YEAR.sub(lambda m: " " * len(m.group(0)) if _is_date(text, m) else m.group(0), text)


def _inline_text(token, first_line):
    """The prose of an inline token as one string, with the line of each character. Roles and inline code become
    blanks, except {stat} roles, which become `⟦stat:<id>⟧` so that sentences can be matched to statistics."""
    text, lines, line = [], [], first_line
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            piece, next_line = " ", line + 1
        elif child.type in ("text", "math_inline", "myst_line_comment"):
            piece, next_line = child.content, line
        elif child.type == "html_inline":
            piece, next_line = re.sub(r"<[^>]+>", " ", child.content), line
        elif child.type.endswith(("_open", "_close")):  # emphasis and link markers
            piece, next_line = "", line
        elif child.type == "myst_role" and child.meta.get("name") == "stat":
            piece, next_line = f"⟦stat:{child.content.strip()}⟧", line
        else:  # other roles, inline code, substitutions: rendered from elsewhere, not hand-typed
            piece, next_line = " {…} ", line
        text.append(piece)
        lines += [line] * len(piece)
        line = next_line
    return "".join(text), lines


def _directive(info):
    match = re.match(r"\{([^}]+)\}\s*(.*)", info.strip())
    return (match.group(1), match.group(2)) if match else (None, info)


def _body(content):
    """A directive's body without its options (`:class: tip` lines or a YAML block); (body, lines skipped)."""
    lines = content.splitlines(keepends=True)
    skip = 0
    if lines and lines[0].strip() == "---":
        skip = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    while skip < len(lines) and re.match(r"\s*:[\w-]+:", lines[skip]):
        skip += 1
    return "".join(lines[skip:]), skip


def _prose(text, offset=0):
    """(text, [line of each character]) for every piece of prose in some MyST Markdown."""
    for token in _parser().parse(text):
        first = offset + (token.map[0] if token.map else 0) + 1
        if token.type == "inline":
            yield _inline_text(token, first)
        elif token.type in ("fence", "colon_fence"):
            name, argument = _directive(token.info)
            if name is None or name in NOT_PROSE:
                continue  # plain code blocks and code or data directives
            yield argument, [first] * len(argument)  # an admonition's title
            body, skipped = _body(token.content)
            yield from _prose(body, first + skipped)
        elif token.type in ("code_block", "html_block"):
            body = re.sub(r"<[^>]+>", " ", token.content)
            yield from ((line, [first + n] * len(line)) for n, line in enumerate(body.splitlines()))


STAT = re.compile(r"⟦stat:([^⟧]*)⟧")
ABBREVIATIONS = ("e.g.", "i.e.", "al.", "p.", "pp.", "vs.", "cf.", "no.", "St.", "Dr.", "Fig.", "approx.")
SENTENCE_END = re.compile(r"(?<=[.!?:;])[)\"”’]*\s+(?=[A-Z“\"(⟦*_])")


def _mask(text):
    """Blank out what may hold digits or number words without stating a quantity, keeping offsets."""
    text = STAT.sub(lambda m: " " * len(m.group(0)), text)
    for pattern in MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return YEAR.sub(lambda m: " " * len(m.group(0)) if _is_date(text, m) else m.group(0), text)


def stray_numbers(path):
    """[(line number, the words around the number)] for every hand-typed number in a page's prose."""
    found = []
    for prose, lines in _prose(Path(path).read_text(encoding="utf-8")):
        masked = _mask(prose)
        for match in NUMBER.finditer(masked):
            context = STAT.sub("{stat}", prose[max(0, match.start() - 30):match.end() + 30])
            found.append((lines[match.start()], " ".join(context.split())))
    return found


def _sentences(prose):
    """(start, end) of each sentence; a full stop after an abbreviation ("et al.", "p.") does not end one."""
    start = 0
    for match in SENTENCE_END.finditer(prose):
        if not prose[:match.start()].endswith(ABBREVIATIONS):
            yield start, match.start()
            start = match.end()
    yield start, len(prose)


def statistic_sentences(path):
    """[(line, statistic id, sentence)] for every {stat} role in a page's prose; a sentence ends at . ! ? : or ;"""
    found = []
    for prose, lines in _prose(Path(path).read_text(encoding="utf-8")):
        for start, end in _sentences(prose):
            sentence = prose[start:end]
            readable = " ".join(STAT.sub("{stat}", sentence).split())
            for match in STAT.finditer(sentence):
                found.append((lines[start + match.start()], match.group(1), readable))
    return found
