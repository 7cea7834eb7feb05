"""One dispatch-server process serving many companies, each in its own database: do its
PostgreSQL connections stay under the cap, and what does the cap cost when more companies are
busy than it lets open at once?

    .venv/bin/python bench/tenant_connections.py [--tenants 1000] [--active 200] [--cap 60]
                                                 [--clients 16] [--seconds 60] [--keep]

Every tenant's database is a copy (CREATE DATABASE ... TEMPLATE) of one migrated database that
holds an administrator and a session token, so the bench signs nobody in. `--active` tenants are
asked in turn (a queue search each, by `--clients` threads) for `--seconds`, through one server
process started with `--connection-cap`; meanwhile the server's background round visits all
of them every 60 s (SLA scan, outbox: server/rounds.py), and /healthz says how long the last
round took. The script samples pg_stat_activity for the tenants'
databases four times a second and reports the most connections seen, the answers' statuses and
latencies, and how many tenants were opened and closed (the server's log).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg import sql

from _common import OUT, PG_ADMIN_URL, write_json
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.storage.tenants import Catalogue

PREFIX = "tconn_"
RAW_TOKEN = "bench-tenant-connections-token-0123456789"


def url_of(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def admin() -> psycopg.Connection[Any]:
    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def drop_all() -> None:
    with admin() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",)
        ).fetchall()
        for (name,) in rows:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def make_template() -> None:
    with admin() as conn:
        conn.execute(f"CREATE DATABASE {PREFIX}template")
    store = SqlStore(url_of(PREFIX + "template"))
    store.upgrade()
    Services(store.unit_of_work, store.feed, Actor("bench", "admin")).create_first_admin(
        "boss", "Boss", "correct horse 1"
    )
    store.close()
    now = datetime.now(UTC)
    with psycopg.connect(url_of(PREFIX + "template"), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO api_tokens (token_hash, subject, role, created_at, expires_at, user_id,"
            " version) VALUES (%s, 'boss', 'admin', %s, %s, 1, 1)",
            (hashlib.sha256(RAW_TOKEN.encode()).hexdigest(), now, now + timedelta(days=2)),
        )


def provision(n: int) -> dict[str, float]:
    catalogue_url = url_of(PREFIX + "catalogue")
    with admin() as conn:
        conn.execute(f"CREATE DATABASE {PREFIX}catalogue")
    catalogue = Catalogue(catalogue_url)
    times = []
    with admin() as conn:
        for k in range(n):
            t0 = time.perf_counter()
            conn.execute(f"CREATE DATABASE {PREFIX}t{k} TEMPLATE {PREFIX}template")
            times.append(time.perf_counter() - t0)
            catalogue.add(f"t{k}", url_of(f"{PREFIX}t{k}"), [f"t{k}.bench.example"], 10)
    catalogue.close()
    return {"create_db_median_s": round(statistics.median(times), 3),
            "create_all_s": round(sum(times), 1)}  # fmt: skip


def connections() -> int:
    with admin() as conn:
        got = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s", (PREFIX + "t%",)
        ).fetchone()
    return int(got[0]) if got else 0


def drive(port: int, active: int, clients: int, seconds: float) -> dict[str, Any]:
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    served: set[int] = set()
    stop = threading.Event()
    turn = iter(range(10**9))
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        while not stop.is_set():
            with lock:
                k = next(turn) % active
            t0 = time.perf_counter()
            try:
                got = session.post(
                    f"http://127.0.0.1:{port}/api/v1/tickets/search", json={"query": {}},
                    headers={"Host": f"t{k}.bench.example",
                             "Authorization": f"Bearer {RAW_TOKEN}"}, timeout=60,
                )  # fmt: skip
                status = got.status_code
            except requests.RequestException:
                status = 0
            with lock:
                statuses[status] += 1
                latencies.append(time.perf_counter() - t0)
                if status == 200:
                    served.add(k)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    most, samples = 0, []
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            seen = connections()
            samples.append(seen)
            most = max(most, seen)
            time.sleep(0.25)
    finally:
        stop.set()
        for t in threads:
            t.join()
    ms = sorted(x * 1000 for x in latencies)
    return {
        "requests": len(latencies), "per_s": round(len(latencies) / seconds, 1),
        "statuses": dict(statuses), "tenants_served": len(served),
        "p50_ms": round(ms[len(ms) // 2], 1) if ms else None,
        "p95_ms": round(ms[int(len(ms) * 0.95)], 1) if ms else None,
        "max_connections": most,
        "mean_connections": round(statistics.fmean(samples), 1) if samples else 0,
    }  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tenants", type=int, default=1000)
    p.add_argument("--active", type=int, default=200)
    p.add_argument("--cap", type=int, default=60, help="the server's --connection-cap")
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--idle", type=float, default=300.0, help="the server's --tenant-idle")
    p.add_argument(
        "--wait-round",
        type=float,
        default=0,
        metavar="SECONDS",
        help="then wait this long for the server's first background round to end",
    )
    p.add_argument(
        "--sla-every",
        type=float,
        default=60.0,
        help="the server's background round: every N seconds (0: none)",
    )
    p.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    p.add_argument("--reuse", action="store_true", help="use the databases a --keep run left")
    a = p.parse_args()
    if not a.reuse:
        drop_all()
    result: dict[str, Any] = {"tenants": a.tenants, "active": a.active, "cap": a.cap,
                              "clients": a.clients, "seconds": a.seconds}  # fmt: skip
    server = None
    try:
        if not a.reuse:
            t0 = time.perf_counter()
            make_template()
            result["provision"] = provision(a.tenants)
            print(f"provisioned {a.tenants} in {time.perf_counter() - t0:.0f} s", flush=True)
        OUT.mkdir(parents=True, exist_ok=True)
        log = OUT / "tenant_connections.log"
        port = 18000 + os.getpid() % 1000
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "dispatch_console.server.main", "--tenants",
                 url_of(PREFIX + "catalogue"), "--port", str(port), "--workers", "1",
                 "--connection-cap", str(a.cap), "--tenant-idle", str(a.idle),
                 "--log-level", "info", "--sla-every", str(a.sla_every)],
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        result["load"] = drive(port, a.active, a.clients, a.seconds)
        # the background round over every active company (SLA scan, outbox), if it reports one
        result["health"] = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).json()
        if a.wait_round and result["health"].get("rounds") is not None:
            deadline = time.monotonic() + a.wait_round
            while time.monotonic() < deadline:  # the first round, without the load
                rounds = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).json()
                if rounds["rounds"]["seconds"] > 0:
                    result["round_after_load"] = rounds["rounds"]
                    break
                time.sleep(1)
        text = Path(log).read_text(errors="replace")
        result["opened"] = text.count(" opened (")
        result["closed"] = text.count(" closed (")
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        if not a.keep:
            drop_all()
    import json

    print(json.dumps(result, indent=2))
    write_json(f"tenant_connections_{a.active}_of_{a.tenants}_cap{a.cap}", result)


if __name__ == "__main__":
    main()
