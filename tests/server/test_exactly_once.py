"""Exactly once across crashes (issue 22): clients create tickets with an Idempotency-Key and
retry until answered while the server is killed (SIGKILL) again and again; every acknowledged
create exists exactly once and no acknowledgement waits minutes after the server is back.

Before the write, its key and its answer shared one transaction, a kill between them left keys
"in progress" for 120 s, and then the retry wrote the ticket a second time (5 of 1,774 creates
stored twice in the issue's runs)."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from pathlib import Path

import requests

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

PASSWORD = "exactly once 1"
CLIENTS = 4
KILLS = 3
RUN_S = 1.5  # between kills: creates under way when the server dies


def _database(tmp_path: Path) -> str:
    """PostgreSQL when the suite has one (its connections can die mid-commit), else SQLite."""
    base = os.environ.get("DISPATCH_TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path / 'once.sqlite3'}"
    import psycopg
    from sqlalchemy.engine import make_url

    name = "dispatch_exactly_once"
    admin = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def test_every_acknowledged_create_exists_exactly_once_across_kills(tmp_path: Path) -> None:
    url = _database(tmp_path)
    store = SqlStore(url)
    store.upgrade()
    Services(store.unit_of_work, store.feed, Actor("setup", "admin")).create_first_admin(
        "boss", "Boss", PASSWORD
    )
    server = ServerProcess(url, tmp_path / "server.log").start()
    token = requests.post(
        server.url + "/api/v1/auth/login", json={"username": "boss", "password": PASSWORD},
        timeout=30,
    ).json()["token"]  # fmt: skip
    acked: dict[str, int] = {}  # description -> ticket id the server answered
    slowest = [0.0]
    stop = threading.Event()
    lock = threading.Lock()

    def client(n: int) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {token}"}
        i = 0
        while not stop.is_set():
            i += 1
            what = f"client {n} create {i}"
            started = time.monotonic()
            while True:  # the console's pending writes: the same key until there is an answer
                try:
                    answer = session.post(
                        server.url + "/api/v1/tickets",
                        json={"draft": {"channel": "phone", "category": "printer",
                                        "priority": "normal", "description": what}},
                        headers={**headers, "Idempotency-Key": what}, timeout=30,
                    )  # fmt: skip
                    if answer.status_code == 200:
                        break
                except requests.RequestException:
                    pass  # the server died under us
                if time.monotonic() - started > 120:
                    raise AssertionError(f"{what}: no answer in 120 s")
                time.sleep(0.05)
            with lock:
                acked[what] = int(answer.json()["id"])
                slowest[0] = max(slowest[0], time.monotonic() - started)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        for _ in range(KILLS):
            time.sleep(RUN_S)
            server.kill()
            server.start()
        time.sleep(RUN_S)
    finally:
        stop.set()
        for t in threads:
            t.join(150)
        server.stop()
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT description FROM tickets").all()
    descriptions = Counter(row[0] for row in rows)
    store.close()
    assert len(acked) >= CLIENTS * 2, "the clients hardly wrote: the test proved nothing"
    twice = {d: c for d, c in descriptions.items() if c > 1}
    assert twice == {}
    assert all(descriptions[d] == 1 for d in acked)
    # seconds, not the 120 s an abandoned key used to wait (restarts on a loaded machine count)
    assert slowest[0] < 60, f"an acknowledgement took {slowest[0]:.0f} s"
