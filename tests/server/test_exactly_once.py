"""Exactly once across crashes (issue 22): clients create tickets with an Idempotency-Key and
retry until answered while the server is killed (SIGKILL) again and again, or while the
database cuts the server's connections (mid-commit, as a failover or a dead network does);
every acknowledged create exists exactly once and no acknowledgement waits minutes after the
server (or the database) is back.

Before the write, its key and its answer shared one transaction, a kill between them left keys
"in progress" for 120 s, and then the retry wrote the ticket a second time (5 of 1,774 creates
stored twice in the issue's runs)."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
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


def _cut_connections(url: str) -> int:
    """PostgreSQL ends every session on the test's database (the server's pool, its feed)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (parsed.database,),
        ).fetchall()
    return len(rows)


@pytest.mark.parametrize("disruption", ["server killed", "database connections cut"])
def test_every_acknowledged_create_exists_exactly_once_across_kills(
    tmp_path: Path, disruption: str
) -> None:
    url = _database(tmp_path)
    if disruption == "database connections cut" and not url.startswith("postgresql"):
        pytest.skip("cutting the connections needs PostgreSQL (DISPATCH_TEST_DATABASE_URL)")
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
            if disruption == "server killed":
                server.kill()
                server.start()
            else:
                assert _cut_connections(url) >= 1  # the server's connections were there
        time.sleep(RUN_S)
    finally:
        stop.set()
        for t in threads:
            t.join(150)
        server.stop()
    store.engine.dispose()  # its pooled connection may have been cut with the server's
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
