"""dispatch-server under load, on PostgreSQL (or SQLite), measured from real clients on loopback:

- ticket creation and the first queue page through RestBackend: one client, then 8 in parallel;
- GPS ingestion: JSON batches of 500 fixes vs one fix per request (the naive way, OsmAnd style);
- live events: 200 consoles on the WebSocket, latency from a change committed to each console.

Each measure runs against the same database once per worker count (`--workers 1,2`: one server
process, then two worker processes behind the one address), in the same run.

    python bench/server.py [--database postgresql|sqlite] [--consoles 200] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from _common import OUT, _pg_url, _recreate, percentiles, write_json
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

PASSWORD = "bench-password-1"


def start_server(url: str, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "dispatch_console.server.main", "--database", url,
         "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded machine starts processes slowly
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                return server, base
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()  # its workers stop with it
    server.wait(30)
    raise RuntimeError("the server did not start")


def prepare(url: str, technicians: int, consoles: int) -> tuple[list[int], list[str]]:
    """Technicians to send positions for, and a signed-in session per console (the server
    allows a user only a few event streams at once, as 200 agents would have 200 sessions)."""
    store = SqlStore(url)
    store.upgrade()
    setup = Services(store.unit_of_work, store.feed, Actor("bench", "admin"))
    setup.create_first_admin("boss", "Boss", PASSWORD)
    dept = setup.create_department("North", "N1")
    ids = [
        setup.create_technician(f"T{n}", f"139{n:08d}", dept.id, status="available").id
        for n in range(technicians)
    ]
    tokens = []
    for n in range(consoles):
        setup.create_user(f"agent{n}", f"Agent {n}", "agent", PASSWORD)
        tokens.append(setup.sign_in(f"agent{n}", PASSWORD)[0])
    store.close()
    return ids, tokens


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1)


def tickets(base: str, n: int) -> dict[str, Any]:
    client, _ = RestBackend.sign_in(base, "boss", PASSWORD)
    customer = client.create_customer("Bench Ltd", ["13800000000"])  # type: ignore[attr-defined]

    def create(i: int) -> None:
        client.create_ticket(  # type: ignore[attr-defined]
            TicketDraft("phone", "hvac", "normal", f"fault {i}", customer_id=customer.id)
        )

    t0 = time.perf_counter()
    for i in range(n):
        create(i)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(n)))
    eight = time.perf_counter() - t0
    pages = []
    for _ in range(200):
        t0 = time.perf_counter()
        client.search_tickets(TicketQuery(limit=100))  # type: ignore[attr-defined]
        pages.append(time.perf_counter() - t0)
    client.close()
    return {
        "create_per_s_1_client": rate(n, one),
        "create_per_s_8_clients": rate(n, eight),
        "first_page_of_100": percentiles(pages),
    }


def positions(base: str, techs: list[int], batches: int, hours_on: int = 0) -> dict[str, Any]:
    """`hours_on`: a later run's fixes must be newer than an earlier run's (older are ignored)."""
    boss, _ = RestBackend.sign_in(base, "boss", PASSWORD)
    auth = {"Authorization": f"Bearer {boss.token}"}
    start = datetime.now(UTC) + timedelta(hours=hours_on)
    http = requests.Session()
    t0 = time.perf_counter()
    sent = 0
    for b in range(batches):  # 500 technicians a batch, in turn (devices are rate-limited)
        at = (start + timedelta(seconds=b + 1)).isoformat()
        first = (b * 500) % len(techs)
        body = [{"technician_id": t, "lat": 31.2 + b * 1e-4, "lon": 121.4, "at": at}
                for t in techs[first:first + 500]]  # fmt: skip
        report = http.post(base + "/api/v1/gps/positions", json=body, headers=auth).json()
        assert report.get("stored") == len(body), report
        sent += len(body)
    batched = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = 1000
    for n in range(naive):  # one fix per request, as a phone app does
        tech = techs[n % len(techs)]
        at = (start + timedelta(seconds=batches + 1 + n)).isoformat()
        http.post(base + f"/api/v1/technicians/{tech}/position", headers=auth, json={
            "lat": 31.2, "lon": 121.4, "accuracy_m": None, "at": at})  # fmt: skip
    single = time.perf_counter() - t0
    http.close()
    boss.close()
    return {
        "batched_fixes_per_s": rate(sent, batched),
        "one_per_request_fixes_per_s": rate(naive, single),
        "ratio": round((sent / batched) / (naive / single), 1),
    }


def fan_out(base: str, tokens: list[str], rounds: int) -> dict[str, Any]:
    boss, _ = RestBackend.sign_in(base, "boss", PASSWORD)
    start_id = boss.last_event_id()  # type: ignore[attr-defined]
    arrivals: list[list[float]] = [[] for _ in range(rounds)]
    consoles = len(tokens)
    ready = threading.Barrier(consoles + 1)
    lock = threading.Lock()

    def console(token: str) -> None:
        me = RestBackend(base, token)
        last = start_id
        me.wait_for_events(last, timeout=0.01)  # connected and caught up
        ready.wait()
        got = 0
        while got < rounds:
            batch = me.wait_for_events(last, timeout=30)
            now = time.perf_counter()
            for _event in batch:
                with lock:
                    arrivals[got].append(now)
                got += 1
            last = batch[-1].id if batch else last
        me.close()

    threads = [threading.Thread(target=console, args=(t,), daemon=True) for t in tokens]
    for t in threads:
        t.start()
    ready.wait()
    written = []
    for r in range(rounds):
        t0 = time.perf_counter()
        boss.create_company(f"Fan-out {r}")  # type: ignore[attr-defined]
        written.append(t0)
        time.sleep(0.3)
    for t in threads:
        t.join(60)
    latencies = [at - written[r] for r in range(rounds) for at in arrivals[r]]
    boss.close()
    return {"consoles": consoles, "events": rounds, **percentiles(latencies)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    p.add_argument("--consoles", type=int, default=200)
    p.add_argument("--tickets", type=int, default=500)
    p.add_argument("--technicians", type=int, default=2000)
    p.add_argument(
        "--workers", default="1", metavar="LIST",
        help="server worker processes, comma-separated to compare them (e.g. 1,2)",
    )  # fmt: skip
    args = p.parse_args()
    name = "dispatch_bench_server"
    url = f"sqlite:///{OUT / (name + '.sqlite3')}" if args.database == "sqlite" else _pg_url(name)
    _recreate(args.database, url)
    techs, sessions = prepare(url, args.technicians, args.consoles)
    runs = []
    for n, workers in enumerate(int(w) for w in args.workers.split(",")):
        server, base = start_server(url, workers)
        try:
            runs.append({
                "workers": workers,
                "tickets": tickets(base, args.tickets),
                "positions": positions(base, techs, batches=40, hours_on=n),
                "fan_out": fan_out(base, sessions, rounds=20),
                # other work on the machine moves every figure: say how busy it was
                "load_average_1min_after": round(os.getloadavg()[0], 1),
            })  # fmt: skip
        finally:
            server.terminate()
            server.wait(20)
        print(runs[-1], flush=True)
    result = {"database": args.database, "runs": runs}
    write_json(f"server_{args.database}", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
