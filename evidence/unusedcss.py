"""Remove, from the theme's stylesheet in the built site, the rules that no page can use (issue 14: page weight).

pydata-sphinx-theme ships one 390 KB stylesheet: all of Bootstrap, every Font Awesome icon class (the book draws
its few icons with evidence-icons.css) and the theme. A rule is kept when every class in one of its selectors
occurs in some built page or in some script the site serves (a script may add the class later); the rest, and the
icon font's @font-face rules, are removed. Selectors without classes (elements, ids, attributes) are always kept.
"""
import re
from pathlib import Path

WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
STYLESHEETS = ("styles/pydata-sphinx-theme.css",)


def used_names(site):
    """Every class attribute value word in the built pages, and every word in the site's scripts."""
    names = set()
    for page in Path(site).rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for value in re.findall(r'class="([^"]*)"', text):
            names.update(value.split())
        for script in re.findall(r"<script[^>]*>(.*?)</script>", text, re.S):
            names.update(WORD.findall(script))
    for script in Path(site, "_static").rglob("*.js"):
        names.update(WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return names


def _blocks(css):
    """Split CSS into (prelude, body) pairs at the top level; a body is the text between the braces."""
    out, i, n = [], 0, len(css)
    while i < n:
        start = i
        while i < n and css[i] not in "{;":
            if css.startswith("/*", i):
                i = css.find("*/", i + 2) + 2 if css.find("*/", i + 2) >= 0 else n
                continue
            if css[i] in "\"'":
                i = css.find(css[i], i + 1) + 1 or n
                continue
            i += 1
        if i >= n:
            out.append((css[start:], None))
            break
        if css[i] == ";":  # @import, @charset
            out.append((css[start:i + 1], None))
            i += 1
            continue
        depth, j = 1, i + 1
        while j < n and depth:
            if css[j] in "\"'":
                j = css.find(css[j], j + 1) + 1 or n
                continue
            if css.startswith("/*", j):
                j = css.find("*/", j + 2) + 2
                continue
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        out.append((css[start:i], css[i + 1:j - 1]))
        i = j
    return out


def _split_selectors(prelude):
    parts, depth, current = [], 0, ""
    for char in prelude:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        current += char
    return parts + [current]


def purge(css, names):
    """The stylesheet `css` without the rules none of `names` can match."""
    kept = []
    for prelude, body in _blocks(css):
        head = re.sub(r"/\*.*?\*/", "", prelude, flags=re.S).strip()
        if body is None:
            if head:
                kept.append(prelude)
            continue
        if head.startswith("@font-face"):
            if "Font Awesome" not in body:
                kept.append(f"{head}{{{body}}}")
        elif head.startswith(("@media", "@supports", "@layer", "@container")):
            inner = purge(body, names)
            if inner.strip():
                kept.append(f"{head}{{{inner}}}")
        elif head.startswith("@"):
            kept.append(f"{head}{{{body}}}")
        else:
            selectors = [s for s in _split_selectors(head)
                         if "\\" in s or all(name in names for name in CLASS.findall(s))]
            if selectors:
                kept.append(f"{','.join(s.strip() for s in selectors)}{{{body}}}")
    return "\n".join(kept)


def purge_site(site):
    """Purge the theme's stylesheet(s) in a built site; return {file: (bytes before, bytes after)}."""
    names = used_names(site)
    sizes = {}
    for relative in STYLESHEETS:
        path = Path(site, "_static", relative)
        if path.exists():
            before = path.read_text(encoding="utf-8")
            after = purge(before, names)
            path.write_text(after, encoding="utf-8")
            sizes[relative] = (len(before.encode()), len(after.encode()))
    return sizes
