"""A console on PostgreSQL holds one connection while its agent is idle, however busy the desk:
the change feed brings the changed rows on its LISTEN connection, and the call pool closes what
it does not use (issue 20: 50 consoles within max_connections 100)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from dispatch_console.storage.idle import sweep
from dispatch_console.storage.limits import CONSOLE_POOL
from dispatch_console.storage.store import SqlStore

pytestmark = pytest.mark.postgres
APP = "dispatch-idle-test"


@pytest.fixture
def stores(pg_database: Any) -> Iterator[tuple[SqlStore, SqlStore]]:
    pg_database.reset()
    console = SqlStore(pg_database.url, pool=CONSOLE_POOL, application_name=APP)
    desk = SqlStore(pg_database.url, application_name="dispatch-desk-test")
    yield console, desk
    console.close()
    desk.close()


def held(store: SqlStore) -> int:
    dsn = make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE %s", (APP + "%",)
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_an_idle_console_holds_only_its_feed_connection_while_the_desk_works(
    stores: tuple[SqlStore, SqlStore],
) -> None:
    console, desk = stores
    me = Services(console.unit_of_work, console.feed, Actor("ann", "agent"))
    bob = Services(desk.unit_of_work, desk.feed, Actor("bob", "agent"))
    pool = console.engine.pool
    checkouts = []
    event.listen(pool, "checkout", lambda *_a: checkouts.append(1))

    # start-up: a burst of concurrent loads opens up to the pool's bound, no more
    threads = [threading.Thread(target=me.search_tickets, args=(TicketQuery(),))
               for _ in range(6)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    last = me.last_event_id()
    assert held(console) <= CONSOLE_POOL.most
    # the agent stops clicking: the call connections close once idle
    assert sweep(pool, CONSOLE_POOL.idle_s or 0, now=time.monotonic() + 3600) >= 1
    assert held(console) == 0

    # the desk works; the console follows it with the changed rows and makes no call
    checkouts.clear()
    seen: list[int] = []
    for i in range(5):
        made = bob.create_ticket(TicketDraft("phone", "hvac", "high", f"drips {i}"))
        while made.id not in seen:
            batch = me.wait_for_changes(last, 5.0)
            if batch.events:
                last = batch.events[-1].id
                assert batch.tickets is not None
                seen += [r.ticket.id for r in batch.tickets]
        assert held(console) == 1  # the LISTEN connection, nothing else
    assert checkouts == []  # every row came on the feed's own connection


def test_a_connection_in_use_is_never_closed_and_a_fresh_one_is_kept(
    stores: tuple[SqlStore, SqlStore],
) -> None:
    console, _desk = stores
    pool = console.engine.pool
    with console.engine.connect() as conn:  # a call in flight
        assert sweep(pool, 0.0, now=time.monotonic() + 3600) == 0
        conn.exec_driver_sql("SELECT 1")
    assert sweep(pool, 10.0) == 0  # just returned: kept for the agent's next click
    assert pool.checkedin() == 1
    assert sweep(pool, 10.0, now=time.monotonic() + 11) == 1
    assert pool.checkedin() == 0
    with console.engine.connect() as conn:  # and the next call opens a new one
        assert conn.exec_driver_sql("SELECT 1").scalar_one() == 1
