#!/usr/bin/env bash
# Set up and load the Shanghai demo data set into a fresh SQLite database, then summarise it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
db="${DISPATCH_DEMO_DB:-$PWD/demo.sqlite3}"
rm -f "$db" "$db-wal" "$db-shm"
url="sqlite:///$db"
.venv/bin/dispatch-admin --database "$url" db upgrade
.venv/bin/dispatch-admin --database "$url" seed --demo --password demo1234
echo
echo "Demo database: $db"
echo "Try: .venv/bin/dispatch-admin --database $url export tickets | head"
