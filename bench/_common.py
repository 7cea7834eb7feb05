"""Shared plumbing for the benchmark scripts: arguments, seeded databases, timing, JSON output.

A seeded database is reused when it already holds a `bulk_seeded` event for the same sizes and
seed: SQLite files live in bench/out/, PostgreSQL databases are named dispatch_bench_<c>_<t>.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from dispatch_console.storage.bulk import bulk_seed
from dispatch_console.storage.store import SqlStore

OUT = Path(__file__).resolve().parent / "out"
PG_ADMIN_URL = os.environ.get("DISPATCH_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DIALECTS = ("sqlite", "postgresql")


def parser(description: str, customers: int = 1_000_000, tickets: int = 2_000_000) -> Any:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--customers", type=int, default=customers)
    p.add_argument("--tickets", type=int, default=tickets)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--database", choices=[*DIALECTS, "both"], default="both", help="which database(s)"
    )
    p.add_argument("--fresh", action="store_true", help="re-seed even if a seeded copy exists")
    return p


def dialects(choice: str) -> list[str]:
    return list(DIALECTS) if choice == "both" else [choice]


def _pg_url(name: str) -> str:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


def database_url(dialect: str, customers: int, tickets: int, seed: int) -> str:
    name = f"dispatch_bench_{customers}_{tickets}" + (f"_s{seed}" if seed else "")
    if dialect == "sqlite":
        return f"sqlite:///{OUT / (name + '.sqlite3')}"
    return _pg_url(name)


def _recreate(dialect: str, url: str) -> None:
    if dialect == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    assert name.startswith("dispatch_bench_"), name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def existing_seed(store: SqlStore) -> dict[str, Any] | None:
    """The payload of the last bulk_seeded event, if the database was seeded by bulk_seed."""
    try:
        if not store.is_initialised():
            return None
        with store.unit_of_work() as uow:
            row = uow.execute(
                "SELECT payload FROM events WHERE kind = 'bulk_seeded' ORDER BY id DESC LIMIT 1"
            ).first()
    except Exception:  # no database yet
        return None
    if row is None:
        return None
    payload = row[0]
    return json.loads(payload) if isinstance(payload, str) else payload


def seeded_store(
    dialect: str, customers: int, tickets: int, seed: int = 0, fresh: bool = False
) -> tuple[SqlStore, dict[str, Any], bool]:
    """(store, seed summary, seeded now?) for a database holding exactly these sizes."""
    url = database_url(dialect, customers, tickets, seed)
    if not fresh:
        try:
            store = SqlStore(url)
            found = existing_seed(store)
        except Exception:
            found = None
        if found and (found["customers"], found["tickets"], found["seed"]) == (
            customers,
            tickets,
            seed,
        ):
            print(f"[{dialect}] reusing {url} (seeded {found['now']})")
            store.upgrade()  # seeded by older code: its schema brought up to this code's
            return store, found, False
        if "store" in locals():
            store.close()
    print(f"[{dialect}] seeding {customers:,} customers / {tickets:,} tickets into {url}")
    _recreate(dialect, url)
    store = SqlStore(url)
    store.upgrade()
    summary = bulk_seed(store, customers, tickets, seed=seed, progress=lambda m: print(f"  {m}"))
    return store, summary, True


def percentiles(samples_s: list[float]) -> dict[str, float]:
    """p50/p95/p99/mean in milliseconds."""
    ms = sorted(x * 1000 for x in samples_s)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {
        "n": len(ms),
        "p50_ms": round(q[49], 4),
        "p95_ms": round(q[94], 4),
        "p99_ms": round(q[98], 4),
        "mean_ms": round(statistics.fmean(ms), 4),
    }


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Best-of-`repeat` wall time in seconds (first call warms caches and is included)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def write_json(name: str, data: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    data = {
        "benchmark": name,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **data,
    }
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    print(f"wrote {path}")
    return path


def drop_database(dialect: str, url: str) -> None:
    """Remove a scratch benchmark database (the SQLite file, or the PostgreSQL database)."""
    if dialect == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    assert name.startswith("dispatch_bench_") and "live" not in name, name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
