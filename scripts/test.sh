#!/usr/bin/env bash
# Set up and run every check: lint, format, types, layering, tests.
# PostgreSQL tests run when DISPATCH_TEST_DATABASE_URL is set (.ci/run sets it); otherwise they
# are skipped and say so.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
.venv/bin/mypy
.venv/bin/lint-imports
# DISPATCH_FREEZE=1 (.ci/run sets it): freeze the console with the installer's spec first
# (cached outside the clone; see scripts/freeze.sh) and test the frozen program too
# (tests/installers/test_frozen.py, which skips, saying why, without it).
if [ "${DISPATCH_FREEZE:-0}" = 1 ]; then
    DISPATCH_FROZEN_DIR=$(scripts/freeze.sh | tail -n 1)
    export DISPATCH_FROZEN_DIR
fi
.venv/bin/pytest "$@"
