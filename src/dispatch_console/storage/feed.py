"""Following the event log: a cheap indexed poll on SQLite, LISTEN/NOTIFY on PostgreSQL.

On PostgreSQL the feed holds ONE connection of its own: it LISTENs there, learns the newest
event id when it starts listening, and afterwards from each NOTIFY's payload (writers append
events in commit order under the event log's lock, and notify with the last id). So a wait
whose caller is already up to date costs no query at all: it sleeps on the socket, wakes on a
NOTIFY and reads the new events once, on the same connection. Once a minute without news it
asks for the newest id, which both proves the connection alive and catches anything missed.

`wait_with_rows` also reads the changed tickets' queue lines, on that same connection: a console
following a busy desk then needs no pooled connection at all between its user's own calls, which
is what lets 50 consoles share PostgreSQL's default 100 connections (storage/limits.py)."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from ..domain.events import Event, changed_ticket_ids
from ..domain.tickets import TicketRow
from . import schema as s
from .queries import ticket_rows
from .uow import NOTIFY_CHANNEL

log = logging.getLogger(__name__)
MAX_ROWS = 500  # changed tickets read with a batch; more: the console searches once instead
POLL_INTERVAL_S = 0.2
CHECK_AFTER_S = 60.0  # quiet this long: one cheap query to be sure the connection is alive


def _to_event(row: s.EventRow) -> Event:
    return Event(row.id, row.at, row.actor, row.entity, row.entity_id, row.kind, dict(row.payload))


def _events_after(conn: Connection, after_id: int, limit: int) -> list[Event]:
    stmt = select(s.EventRow).where(s.EventRow.id > after_id).order_by(s.EventRow.id).limit(limit)
    with Session(bind=conn) as session:
        return [_to_event(r) for r in session.scalars(stmt)]


def _changed_rows(conn: Connection, events: list[Event]) -> list[TicketRow] | None:
    """The queue lines of the tickets these events changed; None when too many to attach."""
    ids = changed_ticket_ids((e.entity, e.entity_id) for e in events)
    if len(ids) > MAX_ROWS:
        return None
    return ticket_rows(conn, ids)


def _last_id(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(s.EventRow.id), 0))).scalar_one())


class SqlChangeFeed:
    """Implements ports.ChangeFeed. `wait` returns as soon as events after the id exist.

    `listen_engine` (PostgreSQL): an autocommit engine for the one LISTEN connection."""

    def __init__(self, engine: Engine, listen_engine: Engine | None = None) -> None:
        self._engine = engine
        self._listen_engine = listen_engine
        self._listen: Connection | None = None
        self._state = threading.Condition()  # guards the fields below
        self._owned = False  # a thread is using the LISTEN connection (a query or a wait)
        self._newest = -1  # the newest event id known committed; -1 while not listening
        self._checked = 0.0  # monotonic time of the last sign of life of the connection
        self._news = 0  # counts what was learnt, so that other waiters read once per news

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]:
        with self._engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            return _events_after(conn, after_id, limit)

    def last_id(self) -> int:
        with self._engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            return _last_id(conn)

    def wait(self, after_id: int, timeout: float) -> list[Event]:
        return self._wait(after_id, timeout, rows=False)[0]

    def wait_with_rows(
        self, after_id: int, timeout: float
    ) -> tuple[list[Event], list[TicketRow] | None]:
        """Like `wait`, with the changed tickets' rows read in the same go (None: too many)."""
        return self._wait(after_id, timeout, rows=True)

    def _wait(
        self, after_id: int, timeout: float, *, rows: bool
    ) -> tuple[list[Event], list[TicketRow] | None]:
        deadline = time.monotonic() + max(timeout, 0.0)
        if self._listen_engine is not None:
            return self._wait_notify(after_id, deadline, rows)
        while True:
            found = self._read_after(after_id, rows)
            if found[0] or time.monotonic() >= deadline:
                return found
            time.sleep(min(POLL_INTERVAL_S, max(deadline - time.monotonic(), 0)))

    def _read_after(self, after_id: int, rows: bool) -> tuple[list[Event], list[TicketRow] | None]:
        """Through the pool: the events after the id, and their rows when asked."""
        with self._engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            found = _events_after(conn, after_id, 500)
            return found, (_changed_rows(conn, found) if rows and found else [])

    def _wait_notify(
        self, after_id: int, deadline: float, rows: bool
    ) -> tuple[list[Event], list[TicketRow] | None]:
        """One thread at a time uses the LISTEN connection (a console has just one follower).
        The server follows the feed for many clients: while one thread listens, the others
        wait for it to learn of a newer event, then read it through the pool (once per news)."""
        seen = -1  # the news this call has already read for
        while True:
            with self._state:
                while self._owned and (self._newest <= after_id or self._news == seen):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return [], []
                    self._state.wait(left)
                mine = not self._owned
                if mine:
                    self._owned = True
                seen = self._news
            if not mine:  # someone else listens and has seen news for us
                found = self._read_after(after_id, rows)
                if found[0] or time.monotonic() >= deadline:
                    return found
                continue
            try:
                news = self._listen_once(after_id, deadline, rows)
            finally:
                with self._state:
                    self._owned = False
                    self._state.notify_all()
            if news is not None:
                return news

    def _listen_once(
        self, after_id: int, deadline: float, rows: bool
    ) -> tuple[list[Event], list[TicketRow] | None] | None:
        """The new events, [] at the deadline, None to look again (woken for older news)."""
        try:
            conn = self._listening()
            if self._newest <= after_id and time.monotonic() - self._checked >= CHECK_AFTER_S:
                self._learn(_last_id(conn), exact=True)
            if self._newest <= after_id:
                left = min(deadline, self._checked + CHECK_AFTER_S) - time.monotonic()
                if left > 0:
                    driver = conn.connection.driver_connection
                    assert driver is not None
                    for note in driver.notifies(timeout=left, stop_after=1):
                        payload = note.payload
                        self._learn(int(payload) if payload.isdigit() else self._newest)
            if self._newest > after_id:
                found = _events_after(conn, after_id, 500)
                if found:
                    return found, (_changed_rows(conn, found) if rows else [])
                # nothing after all: the log was emptied since (a reset); believe the table
                self._learn(_last_id(conn), exact=True)
        except Exception as exc:
            log.info("change feed: %s; listening again on the next wait", exc)
            self._drop()
            raise
        return ([], []) if time.monotonic() >= deadline else None

    def _listening(self) -> Connection:
        assert self._listen_engine is not None
        if self._listen is None or self._listen.closed or self._listen.invalidated:
            conn = self._listen_engine.connect()
            try:
                conn.exec_driver_sql(f"LISTEN {NOTIFY_CHANNEL}")
                newest = _last_id(conn)  # after LISTEN: every later commit will notify us
            except Exception:
                conn.close()
                raise
            self._listen = conn
            self._learn(newest, exact=True)
        return self._listen

    def _learn(self, event_id: int, *, exact: bool = False) -> None:
        """News: a NOTIFY's id, or (`exact`) the table's newest id; either proves the
        connection alive."""
        with self._state:
            self._newest = event_id if exact else max(self._newest, event_id)
            self._checked = time.monotonic()
            self._news += 1
            self._state.notify_all()

    def _drop(self) -> None:
        """The connection failed: open a new one (and LISTEN again) on the next wait."""
        conn, self._listen = self._listen, None
        with self._state:
            self._newest = -1
        if conn is not None:
            try:
                conn.invalidate()
                conn.close()
            except Exception as exc:  # already broken; nothing more to release
                log.debug("closing the broken LISTEN connection: %s", exc)

    def close(self) -> None:
        self._drop()
        if self._listen_engine is not None:
            self._listen_engine.dispose()
