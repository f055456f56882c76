"""Write evidence/static/evidence-icons.css: the few Font Awesome Free solid icons the theme's pages show, as CSS masks.

The theme (pydata-sphinx-theme) loads a 1.45 MB script, fontawesome.js, on every page to turn its icon tags
(<i class="fa-solid fa-bars">) into SVG, and its stylesheet can also draw them with a 150 KB web font. The book
replaces both with this stylesheet, a few KB, made once from the icons in the installed theme's own script:

    .venv/bin/python scripts/make-icons.py

Run it again after a theme upgrade if a page shows an icon that is not in ICONS (tests/test_browser.py checks that
every icon on every page is drawn and that neither the script nor the font is fetched).
"""
import re
import sys
from pathlib import Path
from urllib.parse import quote

import pydata_sphinx_theme

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
OUT = ROOT / "evidence" / "static" / "evidence-icons.css"
# The icons the theme's and the book's templates use (tags), and those its stylesheet draws before or after text.
ICONS = ["angle-down", "angle-left", "angle-right", "arrow-up", "bars", "circle-half-stroke", "download", "expand",
         "file", "file-pdf", "list", "magnifying-glass", "moon", "outdent", "sun", "xmark",
         "circle-info", "lightbulb", "bell", "triangle-exclamation", "circle-exclamation", "up-right-from-square",
         "magnifying-glass-minus", "circle-check"]
# How the theme draws each icon, redrawn with a mask over the text colour: no font, no script.
RULES = """
html .fa, html .fas, html .fa-solid { font-family: inherit; }  /* else the browser fetches the font for its metrics */
html .fa::before, html .fas::before, html .fa-solid::before {
  content: ""; display: inline-block; width: 1.25em; height: 1em; vertical-align: -0.125em;
  background-color: currentColor;
  -webkit-mask: var(--evidence-icon) center / contain no-repeat; mask: var(--evidence-icon) center / contain no-repeat;
}
.admonition > .admonition-title::after, div.admonition > .admonition-title::after,
a.reference.download::before, nav.bd-links li > a.reference.external::after, .nav-link.nav-external::after,
.bd-sidebar-secondary.hide:not(:hover) .onthispage::after, div#searchbox p.highlight-link a::before {
  content: "" !important; display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em; font: inherit;
  background-color: currentColor;
  -webkit-mask: var(--evidence-icon) center / contain no-repeat; mask: var(--evidence-icon) center / contain no-repeat;
}
.admonition > .admonition-title::after, div.admonition > .admonition-title::after { width: 1rem; height: 1rem; }
.admonition-title { --evidence-icon: var(--evidence-icon-bell); }
.note > .admonition-title, .seealso > .admonition-title { --evidence-icon: var(--evidence-icon-circle-info); }
.tip > .admonition-title, .hint > .admonition-title { --evidence-icon: var(--evidence-icon-lightbulb); }
.learning-objectives > .admonition-title { --evidence-icon: var(--evidence-icon-circle-check); }
.warning > .admonition-title, .caution > .admonition-title, .danger > .admonition-title {
  --evidence-icon: var(--evidence-icon-triangle-exclamation);
}
.attention > .admonition-title, .important > .admonition-title, .error > .admonition-title {
  --evidence-icon: var(--evidence-icon-circle-exclamation);
}
a.reference.download { --evidence-icon: var(--evidence-icon-download); }
nav.bd-links li > a.reference.external, .nav-link.nav-external { --evidence-icon: var(--evidence-icon-up-right-from-square); }
.onthispage { --evidence-icon: var(--evidence-icon-angle-down); }
div#searchbox p.highlight-link a { --evidence-icon: var(--evidence-icon-magnifying-glass-minus); }
"""


def solid_icons(js):
    """{name: (width, height, path)} of the solid pack (defined after the regular one in the bundle)."""
    start = js.index('d("far",')
    end = js.index('d("fas",')
    pack = js[start:end]
    found = {}
    for match in re.finditer(r'"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]', pack):
        found.setdefault(match.group(1), (int(match.group(2)), int(match.group(3)), match.group(4)))
    return found


def main():
    js = SCRIPT.read_text(encoding="utf-8")
    icons = solid_icons(js)
    missing = [name for name in ICONS if name not in icons]
    if missing:
        sys.exit(f"not in {SCRIPT}: {missing}")
    lines = ["/* Icons: Font Awesome Free 6 (solid), CC BY 4.0, (c) Fonticons, Inc.; the paths are the theme's own.",
             "   Made by scripts/make-icons.py from the theme's fontawesome.js: edit that script, not this file. */",
             ":root {"]
    for name in ICONS:
        width, height, path = icons[name]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        lines.append(f"  --evidence-icon-{name}: url(\"data:image/svg+xml,{quote(svg, safe=' =:/,.-')}\");")
    lines.append("}")
    lines += [f".fa-{name} {{ --evidence-icon: var(--evidence-icon-{name}); }}" for name in ICONS]
    lines.append(RULES.strip())
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, {len(ICONS)} icons)")


if __name__ == "__main__":
    main()
