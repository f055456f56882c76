#!/usr/bin/env bash
# Set up everything the book and its tests need on a fresh Debian 12 (bookworm) machine, then build the book.
# Debian packages, each installed when missing (a bare bookworm has none of them): Python 3 with venv; make (the PDF
# builder runs `make all-pdf`); Chromium and libatomic1 (browser tests: Playwright's driver needs libatomic);
# poppler-utils (PDF checks); npm and ca-certificates (axe-core); TeX Live with latexmk and xindy (the PDF edition).
# Python: .venv from Debian's own Python (scripts/make-venv.sh) and the hashed lock requirements.txt. JavaScript:
# node_modules from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(python3 python3-venv make ca-certificates chromium libatomic1 poppler-utils
          texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk xindy)
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q " installed$" || missing+=("$package")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)  # Debian's npm, unless a Node.js with its own npm is installed
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash scripts/make-venv.sh
.venv/bin/python -m pip install --quiet --require-hashes -r requirements.txt
# The pinned setuptools is in .venv now: the editable install needs nothing more from the network.
.venv/bin/python -m pip install --quiet --no-index --no-deps --no-build-isolation -e .
npm ci --no-audit --no-fund --silent

# The PDF edition first, so that the HTML build can offer it for download.
.venv/bin/jupyter-book build . --builder pdflatex -W -n --keep-going
.venv/bin/jupyter-book build . -W -n --keep-going
