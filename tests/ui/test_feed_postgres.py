"""A console on a shared PostgreSQL: how many connections it holds, that its change feed costs
no query while nothing happens, and what it says when the database has no slot left.

Counted from PostgreSQL's own pg_stat_activity, by the console's application_name, with the
console's real parts: Services over SqlStore, the FeedFollower thread and the TaskRunner pool."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from dispatch_console.domain.errors import DatabaseFull
from dispatch_console.domain.events import NewEvent
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.limits import CONSOLE_POOL, FEED_CONNECTIONS, PoolLimits
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.errors import error_text
from dispatch_console.ui.feed import WAIT_S, FeedFollower
from dispatch_console.ui.tasks import TaskRunner

pytestmark = pytest.mark.postgres
AGENT = Actor("agent", "agent")


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def pg_url(pg_database: Any) -> str:
    pg_database.reset()
    return str(pg_database.url)


@pytest.fixture
def watch(pg_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A superuser's view of pg_stat_activity (this connection is not the console's)."""
    with psycopg.connect(_dsn(pg_url), autocommit=True) as conn:
        yield conn


def _connections(watch: psycopg.Connection[Any], app: str) -> list[tuple[Any, ...]]:
    """(pid, query_start, application_name) of every connection the console holds."""
    watch.execute("SELECT pg_stat_clear_snapshot()")
    return watch.execute(
        "SELECT pid, query_start, application_name FROM pg_stat_activity "
        "WHERE application_name IN (%s, %s || ' feed') ORDER BY pid",
        (app, app),
    ).fetchall()


def _append_event(url: str) -> int:
    writer = SqlStore(url)
    try:
        with writer.unit_of_work() as uow:
            event_id = uow.append_event("other-console", NewEvent("system", "probe", "ping", {}))
            uow.commit()
        return event_id
    finally:
        writer.close()


def test_a_console_holds_few_connections_and_waits_without_querying(
    qtbot: QtBot, pg_url: str, watch: psycopg.Connection[Any]
) -> None:
    app = f"dispatch-console-test-{uuid.uuid4().hex[:8]}"
    store = SqlStore(pg_url, pool=CONSOLE_POOL, application_name=app)
    backend = Services(store.unit_of_work, store.feed, AGENT)
    follower = FeedFollower(backend, after_id=backend.last_event_id())
    runner = TaskRunner(threads=4)  # the main window's pool
    try:
        with qtbot.waitSignal(follower.online, timeout=10_000):
            follower.start()

        def slow_call() -> None:  # long enough that the four threads overlap
            with store.unit_of_work(read_only=True) as uow:
                uow.execute("SELECT pg_sleep(0.05)")

        answers: list[object] = []
        for i in range(24):
            call = slow_call if i % 2 else backend.list_departments
            runner.run(call, answers.append, answers.append, receiver=runner)
        most = 0

        def burst_over() -> bool:
            nonlocal most
            most = max(most, len(_connections(watch, app)))
            return runner.in_flight == 0

        qtbot.waitUntil(burst_over, timeout=20_000)
        assert len(answers) == 24 and not any(isinstance(a, Exception) for a in answers)
        assert FEED_CONNECTIONS + CONSOLE_POOL.size < most <= FEED_CONNECTIONS + CONSOLE_POOL.most
        # the burst's extra connections are closed; the feed and the pool's kept ones stay
        held = _connections(watch, app)
        assert len(held) == FEED_CONNECTIONS + CONSOLE_POOL.size
        feed = [row for row in held if row[2] == f"{app} feed"]
        assert len(feed) == 1, held

        # idle: several of the follower's waits go by, and no connection runs a query
        qtbot.wait(int(WAIT_S * 2500))
        assert _connections(watch, app) == held

        # another console's change wakes the feed at once; it reads the new event once
        with qtbot.waitSignal(follower.events, timeout=5000) as woke:
            event_id = _append_event(pg_url)
        assert [e.id for e in woke.args[0]] == [event_id]
        after = {pid: started for pid, started, _ in _connections(watch, app)}
        for pid, started, _ in held:
            if pid == feed[0][0]:
                assert after[pid] > started  # the feed's own connection read the event
            else:
                assert after[pid] == started  # the calls' pool was not touched
    finally:
        follower.stop()
        runner.wait()
        store.close()
    # closing lets them all go (a backend leaves pg_stat_activity a moment after it is told)
    qtbot.waitUntil(lambda: _connections(watch, app) == [], timeout=5000)


@pytest.fixture
def limited_role(pg_url: str, watch: psycopg.Connection[Any]) -> Iterator[str]:
    """A role allowed 2 connections: PostgreSQL refuses the third as it refuses any connection
    past max_connections (SQLSTATE 53300), without starving the other tests of slots."""
    role = f"dispatch_pg_limits_{uuid.uuid4().hex[:8]}"
    watch.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 2 IN ROLE pg_read_all_data')
    try:
        yield make_url(pg_url).set(username=role, password=None).render_as_string(False)
    finally:
        watch.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,)
        )
        watch.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_a_full_database_is_explained_in_the_status_bar_words(
    qtbot: QtBot, limited_role: str
) -> None:
    holders = [psycopg.connect(_dsn(limited_role)) for _ in range(2)]  # the other consoles
    store = SqlStore(limited_role, pool=CONSOLE_POOL, application_name="dispatch-console-test")
    backend = Services(store.unit_of_work, store.feed, AGENT)
    follower = FeedFollower(backend, after_id=0)
    try:
        with pytest.raises(DatabaseFull) as refused:
            backend.list_departments()
        text = error_text(refused.value)
        assert "refused the connection" in text and "no connection slot left" in text
        assert "too many connections for role" in text  # the database's own words
        assert "max_connections" in text and "dispatch-server" in text and "pooler" in text

        with qtbot.waitSignal(follower.failed, timeout=10_000) as failed:
            follower.start()
        assert isinstance(failed.args[0], DatabaseFull)

        for conn in holders:  # the others go home: the console works again, the feed too
            conn.close()
        with qtbot.waitSignal(follower.online, timeout=10_000, check_params_cb=bool):
            pass
        assert backend.list_departments() == []
    finally:
        follower.stop()
        store.close()
        for conn in holders:
            conn.close()


def test_a_console_whose_calls_wait_too_long_for_a_connection_says_so(pg_url: str) -> None:
    store = SqlStore(pg_url, pool=PoolLimits(size=1, overflow=0, timeout_s=0.3))
    backend = Services(store.unit_of_work, store.feed, AGENT)
    try:
        # a stuck call holds the only connection
        with store.engine.connect(), pytest.raises(DatabaseFull) as busy:
            backend.list_departments()
        assert busy.value.limit == "pool"
        assert "answering too slowly" in error_text(busy.value)
        assert backend.list_departments() == []  # free again
    finally:
        store.close()


def test_opening_a_full_database_says_what_to_do(limited_role: str) -> None:
    """At start and in the connection dialog's "Test connection" (which the first start shows
    with this problem), not the driver's bare FATAL line."""
    from dispatch_console.app import probes
    from dispatch_console.app.startup import Refused, _open
    from dispatch_console.config import ConsoleSettings

    holders = [psycopg.connect(_dsn(limited_role)) for _ in range(2)]
    try:
        with pytest.raises(Refused) as refused:
            _open(limited_role, ConsoleSettings(), ours=False, explicit=True)
        outcome = probes.database(limited_role)
    finally:
        for conn in holders:
            conn.close()
    for text in (str(refused.value), outcome.message):
        assert "connection slot" in text and "max_connections" in text
    assert not outcome.ok
