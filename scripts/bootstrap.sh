#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and install the project into it.
# Usage: scripts/bootstrap.sh [extras]   e.g. scripts/bootstrap.sh test
# PYTHON picks the interpreter (default python3): PYTHON=python3.12 bash scripts/demo.sh
# It needs Python 3.11 or newer; a .venv made by an older (or vanished) Python is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
NEEDED=3.11

version_of() {  # "3.11" for the interpreter $1; nothing when it does not run
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

new_enough() {  # is version $1 (e.g. 3.10) at least $NEEDED?
    local major=${1%%.*} minor=${1#*.}
    [ -n "$1" ] && { [ "$major" -gt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -ge 11 ]; }; }
}

have=$(version_of "$PYTHON")
if [ -z "$have" ]; then
    echo "Cannot run '$PYTHON'. Dispatch Console needs Python $NEEDED or newer: install one and" \
        "point at it, e.g. PYTHON=/usr/bin/python3.12 bash $0 (the same works for" \
        "scripts/demo.sh and scripts/test.sh)." >&2
    exit 1
fi
if ! new_enough "$have"; then
    echo "'$PYTHON' is Python $have; Dispatch Console needs Python $NEEDED or newer. Install one" \
        "(Debian/Ubuntu: apt-get install python3.11 python3.11-venv) and point at it:" \
        "PYTHON=python3.11 bash scripts/demo.sh (or scripts/test.sh)." >&2
    exit 1
fi

if [ -e .venv ]; then
    made_by=$(version_of .venv/bin/python)
    if ! new_enough "$made_by"; then
        echo "Rebuilding .venv: it was made by ${made_by:+Python }${made_by:-a Python that no" \
            "longer runs}; $NEEDED or newer is needed." >&2
        rm -rf .venv
    elif ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
        echo "Rebuilding .venv: it has no pip (an earlier set-up stopped half-way)." >&2
        rm -rf .venv
    fi
fi
if [ ! -e .venv ]; then
    if ! "$PYTHON" -m venv .venv; then
        rm -rf .venv  # half made: the next run must not take it for a working one
        echo "'$PYTHON -m venv' failed. On Debian/Ubuntu install python$have-venv, then run" \
            "this again." >&2
        exit 1
    fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
spec="."
[ -n "${1:-}" ] && spec=".[$1]"
.venv/bin/python -m pip install --quiet -e "$spec"
if [ -z "${VIRTUAL_ENV:-}" ] || [ "$VIRTUAL_ENV" != "$PWD/.venv" ]; then
    echo "Installed into $PWD/.venv. To run dispatch-console, dispatch-admin and dispatch-server" \
        "by name in this shell:"
    echo "    source $PWD/.venv/bin/activate"
    echo "or call them as $PWD/.venv/bin/dispatch-console (and so on)."
fi
