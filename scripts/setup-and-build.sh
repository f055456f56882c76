#!/usr/bin/env bash
# Set up everything the book and its tests need on a fresh Debian machine with Python 3.11, then build the book.
# Debian packages: chromium (browser tests), poppler-utils (PDF checks), npm (axe-core for accessibility tests),
# TeX Live (the PDF edition).
# Python: .venv from requirements.txt. JavaScript: node_modules from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v latexmk >/dev/null 2>&1 || missing+=(texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet -r requirements.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
npm ci --no-audit --no-fund --silent

# The PDF edition first, so that the HTML build can offer it for download.
.venv/bin/jupyter-book build . --builder pdflatex -W -n --keep-going
.venv/bin/jupyter-book build . -W -n --keep-going
