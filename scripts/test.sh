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
.venv/bin/pytest "$@"
