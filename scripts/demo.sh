#!/usr/bin/env bash
# Set up and start the console on the Shanghai demo data set (seeded on first start, ~1 minute).
# DISPATCH_DEMO_NO_GUI=1 only prepares the demo database and prints its summary (no screen needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ -n "${DISPATCH_DEMO_NO_GUI:-}" ]; then
    db="$PWD/demo.sqlite3"
    rm -f "$db" "$db-wal" "$db-shm"
    .venv/bin/dispatch-admin --database "sqlite:///$db" seed --demo --password demo1234
    echo "Demo database: $db"
    exit 0
fi
exec .venv/bin/dispatch-console --demo "$@"
