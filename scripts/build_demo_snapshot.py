"""Build the demo snapshot that `dispatch-console --demo` starts from (seed/snapshot.py).

    .venv/bin/python scripts/build_demo_snapshot.py [--anchor 2026-12-07T09:40+08:00]

Runs the seeder (`dispatch-admin seed --demo`, every record through the use cases) into a new
SQLite file at a fixed anchor — a weekday morning in Shanghai, when the technicians are on
shift — compacts it and writes src/dispatch_console/resources/demo/demo.sqlite3.gz and
demo.json (the anchor). Run it again after changing the seeder; a snapshot older than the
schema still loads (the migrations bring it up to date at first start).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from dispatch_console.seed.snapshot import SNAPSHOT, SNAPSHOT_INFO

DEFAULT_ANCHOR = "2026-12-07T09:40:00+08:00"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--anchor", default=DEFAULT_ANCHOR, help="the snapshot's 'now' (ISO, zoned)")
    args = p.parse_args()
    anchor = datetime.fromisoformat(args.anchor)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite3"
        subprocess.run(
            [
                sys.executable, "-m", "dispatch_console.cli.admin", "--database",
                f"sqlite:///{db}", "seed", "--demo", "--anchor", anchor.isoformat(),
            ],
            check=True,
        )  # fmt: skip
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        conn.close()
        with sqlite3.connect(db) as conn:
            conn.execute("VACUUM")
        conn.close()
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        with db.open("rb") as raw, gzip.GzipFile(SNAPSHOT, "wb", compresslevel=9, mtime=0) as out:
            shutil.copyfileobj(raw, out)
    SNAPSHOT_INFO.write_text(
        json.dumps({"anchor": anchor.isoformat(), "seed": 0, "scale": 1.0}, indent=2) + "\n",
        "utf-8",
    )
    print(f"wrote {SNAPSHOT} ({SNAPSHOT.stat().st_size / 1024:.0f} KB) and {SNAPSHOT_INFO.name}")


if __name__ == "__main__":
    main()
