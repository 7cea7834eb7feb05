#!/usr/bin/env bash
# Set up and start the console on the Shanghai demo data set (prepared on first start into the
# user data folder and reused afterwards). PYTHON=python3.12 picks the interpreter (3.11+).
# DISPATCH_DEMO_NO_GUI=1 only prepares that same demo database and prints its summary (no screen
# needed); `dispatch-console --demo` then opens it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ -n "${DISPATCH_DEMO_NO_GUI:-}" ]; then
    exec .venv/bin/python -m dispatch_console.app.demo
fi
exec .venv/bin/dispatch-console --demo "$@"
