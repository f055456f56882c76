#!/usr/bin/env bash
# Make .venv with Debian's Python, unless a working one is there. A .venv that stopped half-way (no pip: python3-venv
# was missing) or that another Python made is made again, so a rerun recovers instead of failing on it.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3  # Debian's Python (3.11.2 on bookworm): requirements.txt is compiled for it
if ! .venv/bin/python -m pip --version >/dev/null 2>&1 || ! grep -qx "home = ${PYTHON%/*}" .venv/pyvenv.cfg; then
  "$PYTHON" -m venv --clear .venv
fi
