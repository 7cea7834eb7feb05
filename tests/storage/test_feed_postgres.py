"""The PostgreSQL change feed: one LISTEN connection, a query only when there is news, and
nothing missed when the connection is lost, when many threads wait, or when the log is emptied."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from dispatch_console.domain.events import Event, NewEvent
from dispatch_console.storage.store import SqlStore

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(pg_database: Any) -> Iterator[SqlStore]:
    pg_database.reset()
    s = SqlStore(pg_database.url, application_name="dispatch-feed-test")
    yield s
    s.close()


def _append(store: SqlStore, n: int = 1) -> list[int]:
    with store.unit_of_work() as uow:
        ids = uow.append_events("test", [NewEvent("system", "probe", "ping", {})] * n)
        uow.commit()
    return ids


def _feed_pid(store: SqlStore) -> int:
    dsn = make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'dispatch-feed-test feed'"
        ).fetchone()
        assert row is not None
        return int(row[0])


def _terminate(store: SqlStore, pid: int) -> None:
    dsn = make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_wait_wakes_on_a_commit_and_times_out_empty(store: SqlStore) -> None:
    assert store.feed.wait(0, 0.2) == []
    timer = threading.Timer(0.3, _append, (store, 3))
    timer.start()
    started = time.monotonic()
    found = store.feed.wait(0, 10)
    assert [e.id for e in found] == [1, 2, 3] and time.monotonic() - started < 5
    assert store.feed.wait(3, 0.2) == []


def test_a_lost_connection_is_reported_then_the_feed_resumes_without_a_gap(
    store: SqlStore,
) -> None:
    store.feed.wait(0, 0.1)  # listening
    _terminate(store, _feed_pid(store))
    with pytest.raises(Exception):  # noqa: B017  (the driver's own error: the follower retries)
        store.feed.wait(0, 2)
    _append(store, 2)  # written while nobody listened
    assert [e.id for e in store.feed.wait(0, 5)] == [1, 2]


def test_many_waiting_threads_all_receive_the_event(store: SqlStore) -> None:
    """The server follows the feed for many clients: one listens, the others are woken."""
    got: dict[int, list[Event]] = {}

    def waiter(i: int) -> None:
        got[i] = store.feed.wait(0, 10)

    threads = [threading.Thread(target=waiter, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.3)  # let them all block
    _append(store)
    for t in threads:
        t.join(15)
    assert sorted(got) == list(range(6))
    assert all([e.id for e in events] == [1] for events in got.values())


def test_after_the_log_is_emptied_a_wait_blocks_again_instead_of_spinning(
    store: SqlStore, pg_database: Any
) -> None:
    _append(store, 5)
    assert len(store.feed.wait(0, 1)) == 5
    pg_database.reset()  # the test suite's wipe: ids start again at 1
    _append(store)
    assert [e.id for e in store.feed.wait(0, 1)] == [1]
    started = time.monotonic()
    assert store.feed.wait(1, 0.5) == []
    assert time.monotonic() - started >= 0.45  # it waited for news, it did not spin
