"""What one console costs a shared PostgreSQL: connections held and queries while idle.

A console-like process: Services over SqlStore, a follower thread waiting on the change feed
exactly as ui/feed.py's FeedFollower does (wait_for_events with a 1 s wait, again and again), and
four threads doing calls at once as the console's worker pool does. Counted by PostgreSQL itself:
connections from pg_stat_activity (by application_name), queries from the scratch database's
xact_commit in pg_stat_database (every statement outside a transaction is one). pg_stat_statements
is not needed.

"before" is the previous way in the same run: SQLAlchemy's default pool (5 kept, 10 more) and a
feed that queried the events table on every wake-up (each wait, each NOTIFY, each timeout).
"after" is the console's CONSOLE_POOL and the LISTEN-only feed (storage/feed.py).

    .venv/bin/python bench/pg_connections.py [--idle 20]
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

import psycopg
from sqlalchemy import Engine

from _common import PG_ADMIN_URL, write_json
from dispatch_console.domain.events import Event, NewEvent
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.feed import SqlChangeFeed
from dispatch_console.storage.limits import CONSOLE_POOL, FEED_CONNECTIONS
from dispatch_console.storage.store import SqlStore
from dispatch_console.storage.uow import NOTIFY_CHANNEL

WAIT_S = 1.0  # ui/feed.py's FeedFollower
STATS_SETTLE_S = 11.0  # idle backends report their counters at least every 10 s (PostgreSQL 15)


class PollingFeed(SqlChangeFeed):
    """The previous feed, kept here to compare: LISTEN on a connection of its own, but every
    wait (and every wake-up, and every timeout) asked the events table through the pool."""

    def __init__(self, engine: Engine, application_name: str) -> None:
        super().__init__(engine)
        self._conn: Any = None
        self._name = application_name

    def wait(self, after_id: int, timeout: float) -> list[Event]:
        deadline = time.monotonic() + timeout
        if self._conn is None:
            dsn = self._engine.url.set(drivername="postgresql")
            self._conn = psycopg.connect(
                dsn.render_as_string(hide_password=False),
                autocommit=True,
                application_name=f"{self._name} feed",
            )
            self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        while True:
            found = self.events_after(after_id)
            left = deadline - time.monotonic()
            if found or left <= 0:
                return found
            for _ in self._conn.notifies(timeout=left, stop_after=1):
                break

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def scratch(name: str) -> str:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    store = SqlStore(url)
    store.upgrade()
    store.close()
    return url


def measure(mode: str, idle_s: float) -> dict[str, Any]:
    db = f"dispatch_pg_limits_bench_{mode}"
    url = scratch(db)
    app = f"bench-console-{mode}"
    if mode == "before":
        store = SqlStore(url, application_name=app)
        store.feed = PollingFeed(store.engine, app)
    else:
        store = SqlStore(url, pool=CONSOLE_POOL, application_name=app)
    backend = Services(store.unit_of_work, store.feed, Actor("bench", "agent"))
    stop = threading.Event()
    received: list[tuple[float, int]] = []
    last = [backend.last_event_id()]

    def follow() -> None:
        while not stop.is_set():
            if mode == "after":  # the rows of changed tickets come on the feed's connection
                batch = backend.wait_for_changes(last[0], WAIT_S).events
            else:
                batch = backend.wait_for_events(last[0], WAIT_S)
            if batch:
                last[0] = batch[-1].id
                received.append((time.perf_counter(), batch[-1].id))

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    watch = psycopg.connect(PG_ADMIN_URL, autocommit=True)

    def held() -> int:
        watch.execute("SELECT pg_stat_clear_snapshot()")
        row = watch.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE %s", (app + "%",)
        ).fetchone()
        return int(row[0]) if row else 0

    def commits() -> int:
        watch.execute("SELECT pg_stat_clear_snapshot()")
        row = watch.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", (db,)
        ).fetchone()
        return int(row[0]) if row else 0

    def call() -> None:  # the worker pool: calls that overlap
        for _ in range(10):
            with store.unit_of_work(read_only=True) as uow:
                uow.execute("SELECT pg_sleep(0.02)")
            backend.list_departments()

    workers = [threading.Thread(target=call) for _ in range(4)]
    most = 0
    for w in workers:
        w.start()
    while any(w.is_alive() for w in workers):
        most = max(most, held())
        time.sleep(0.01)
    after_burst = held()
    time.sleep(STATS_SETTLE_S)
    c0, t0 = commits(), time.monotonic()
    time.sleep(idle_s)
    c1, t1 = commits(), time.monotonic()
    idle_qps = (c1 - c0) / (t1 - t0)
    held_idle = held()  # the agent stopped clicking STATS_SETTLE_S + idle_s ago

    # a busy desk: another console makes 10 changes a second for 5 s; what this one holds
    desk = SqlStore(url)
    desk_backend = Services(desk.unit_of_work, desk.feed, Actor("desk", "agent"))
    busy_most = 0
    for i in range(50):
        desk_backend.create_ticket(TicketDraft("phone", "hvac", "high", f"drips {i}"))
        busy_most = max(busy_most, held())
        time.sleep(0.1)
    desk.close()
    # one change from another console: how soon this one sees it
    delays = []
    writer = SqlStore(url)
    for _ in range(5):
        before = len(received)
        start = time.perf_counter()
        with writer.unit_of_work() as uow:
            uow.append_event("other", NewEvent("system", "probe", "ping", {}))
            uow.commit()
        while len(received) == before:
            time.sleep(0.001)
        delays.append((received[-1][0] - start) * 1000)
        time.sleep(0.3)
    writer.close()
    stop.set()
    follower.join()
    store.close()
    watch.close()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return {
        "mode": mode,
        "connections_during_burst_max": most,
        "connections_after_burst": after_burst,
        "connections_held_idle": held_idle,
        "connections_while_desk_busy_max": busy_most,
        "idle_queries_per_s": round(idle_qps, 2),
        "change_seen_ms_median": round(sorted(delays)[len(delays) // 2], 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--idle", type=float, default=20.0, help="seconds of idle to count queries")
    args = p.parse_args()
    results = [measure(mode, args.idle) for mode in ("before", "after")]
    print(f"{'':34} {'before':>8} {'after':>8}")
    for key in results[0]:
        if key != "mode":
            print(f"{key:34} {results[0][key]:>8} {results[1][key]:>8}")
    print(f"(ceilings: before 1 + 5 kept + 10 overflow = 16; after {FEED_CONNECTIONS} + "
          f"{CONSOLE_POOL.size} kept + {CONSOLE_POOL.overflow} overflow = "
          f"{FEED_CONNECTIONS + CONSOLE_POOL.most})")  # fmt: skip
    write_json("pg_connections", {"idle_s": args.idle, "results": results})


if __name__ == "__main__":
    main()
