"""Find hand-typed numbers in chapter prose: every statistic must come from the CSV through {stat}.

Allowed: calendar years (and spans such as 2014-15), anything inside a role ({stat}, {cite:p}, {download}, ...),
inline code, link targets, raw HTML tags, numbered-list markers, front matter, code cells and directive options.
"""
import re
from pathlib import Path

FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})")
PROSE_DIRECTIVE = re.compile(r"^(?::{3,}|`{3,})\{(note|tip|important|warning|caution|hint|admonition|seealso|"
                             r"epigraph|margin|sidebar|div|figure)\}")
MASKS = [
    re.compile(r"\{[a-z:-]+\}`[^`]*`"),                              # roles: {stat}`id`, {cite:p}`key`
    re.compile(r"`[^`]*`"),                                          # inline code
    re.compile(r"\]\([^)]*\)"),                                      # link targets
    re.compile(r"^\([^)]*\)=\s*$"),                                  # MyST labels
    re.compile(r"^\s*\d+[.)]\s"),                                      # numbered-list markers
    re.compile(r"<[^>]+>"),                                          # raw HTML tags (attributes)
    re.compile(r"\b(?:19|20)\d\d(?:[-–/](?:\d\d\d\d|\d\d))?\b"),    # calendar years and spans
]
NUMBER = re.compile(r"\d|\b(?:one|two|three|four)[- ](?:half|halves|thirds?|quarters?|fifths?)\b|\bper ?cent\b",
                    re.IGNORECASE)


def prose_lines(text):
    """(line number, line) for the Markdown prose: not front matter, code cells or directive options."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    fence, prose_body = None, False
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        marker = FENCE.match(stripped)
        if fence:
            if marker and stripped == fence:
                fence = None
            elif prose_body and not stripped.startswith(":"):
                yield number, line
            continue
        if marker:
            fence, prose_body = marker.group(1), bool(PROSE_DIRECTIVE.match(stripped))
            continue
        yield number, line


def stray_numbers(path):
    """[(line number, line)] for every hand-typed number in a chapter's prose."""
    found = []
    for number, line in prose_lines(Path(path).read_text(encoding="utf-8")):
        masked = line
        for mask in MASKS:
            masked = mask.sub(" ", masked)
        if NUMBER.search(masked):
            found.append((number, line.strip()))
    return found
