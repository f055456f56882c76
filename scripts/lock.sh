#!/usr/bin/env bash
# Compile requirements.in into requirements.txt, the hashed lock that scripts/setup-and-build.sh installs, for the
# Python of the README's platform (Debian 12 ships 3.11.2), whatever Python or machine runs this script.
# uv resolves for that version (a release that needs a newer Python is never chosen) and reads no pip configuration,
# so the lock names only what the package index serves.
set -euo pipefail
cd "$(dirname "$0")/.."
PLATFORM_PYTHON=3.11.2
UV=uv==0.13.8

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/python" -m pip install --quiet "$UV"
"$tools/bin/uv" pip compile requirements.in --python-version "$PLATFORM_PYTHON" --generate-hashes \
  --no-progress --quiet -o requirements.txt
