"""The demo's first start: the seeder (every record through the use cases) against the shipped
snapshot moved to the present (seed/snapshot.py), in the same run, on SQLite and PostgreSQL;
then `dispatch-console --demo --screenshot` with an empty data folder, from process start to
the saved window with its data, as a user's very first start.

    .venv/bin/python bench/demo_seed.py [--database sqlite|postgresql|both] [--runs 3]

PostgreSQL databases are named dispatch_bench_demo_* and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from _common import PG_ADMIN_URL, _pg_url, write_json


def _fresh_pg(name: str) -> str:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _pg_url(name)


def _drop_pg(name: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _target(dialect: str, tmp: Path, label: str) -> str:
    if dialect == "sqlite":
        return f"sqlite:///{tmp / (label + '.sqlite3')}"
    return _fresh_pg(f"dispatch_bench_demo_{label}")


def seeder(url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dispatch_console.cli.admin", "--database", url, "seed", "--demo"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def snapshot(url: str) -> float:
    """In a process of its own, like the seeder: imports and all."""
    started = time.perf_counter()
    code = f"from dispatch_console.seed.snapshot import restore_demo; restore_demo({url!r})"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def first_start(runs: int) -> dict[str, Any]:
    """`--demo --screenshot` with an empty data folder each time: the snapshot is restored,
    the window opens and loads, the screenshot is saved."""
    walls = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DISPATCH_DATA_DIR": data,
                   "DISPATCH_CONFIG_DIR": data}  # fmt: skip
            shot = Path(data) / "first.png"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "dispatch_console.app", "--demo", "--screenshot",
                 str(shot), "--after", "0"],
                check=True, capture_output=True, env=env, timeout=180,
            )  # fmt: skip
            walls.append(time.perf_counter() - started)
            assert shot.exists()
    return {"median_s": round(statistics.median(walls), 2), "max_s": round(max(walls), 2)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--runs", type=int, default=3, help="restores and first starts per database")
    args = p.parse_args()
    dialects = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for dialect in dialects:
            url = _target(dialect, tmp, "seeded")
            seeded = seeder(url)
            restored = []
            for n in range(args.runs):
                restored.append(snapshot(_target(dialect, tmp, f"restored{n}")))
            results[dialect] = {
                "seeder_s": round(seeded, 1),
                "snapshot_median_s": round(statistics.median(restored), 2),
                "snapshot_max_s": round(max(restored), 2),
            }
            print(
                f"[{dialect}] seeder {seeded:.1f} s; snapshot moved to now "
                f"{statistics.median(restored):.2f} s (max {max(restored):.2f}), "
                f"{seeded / statistics.median(restored):.0f}x"
            )
            if dialect == "postgresql":
                for label in ["seeded", *(f"restored{n}" for n in range(args.runs))]:
                    _drop_pg(f"dispatch_bench_demo_{label}")
    results["first_start"] = first_start(args.runs)
    print(
        f"[first start] --demo with an empty data folder to the saved window: median "
        f"{results['first_start']['median_s']:.2f} s (max {results['first_start']['max_s']:.2f})"
    )
    write_json("demo_seed", results)


if __name__ == "__main__":
    main()
