"""Write evidence/static/evidence-icons.css: the few Font Awesome Free solid icons the theme's pages show, as CSS masks.

This writes the icons themselves (one custom property each); evidence.css says where each is drawn.

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
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, {len(ICONS)} icons)")


if __name__ == "__main__":
    main()
