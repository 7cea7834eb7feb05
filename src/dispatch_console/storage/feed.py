"""Following the event log: a cheap indexed poll on SQLite, LISTEN/NOTIFY on PostgreSQL."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import Engine, func, select

from ..domain.events import Event
from . import schema as s
from .uow import NOTIFY_CHANNEL

POLL_INTERVAL_S = 0.2


def _to_event(row: s.EventRow) -> Event:
    return Event(row.id, row.at, row.actor, row.entity, row.entity_id, row.kind, dict(row.payload))


class SqlChangeFeed:
    """Implements ports.ChangeFeed. `wait` returns as soon as events after the id exist."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._listen_conn: Any = None
        self._lock = threading.Lock()
        self._wakeups = threading.Condition()  # guards the two fields below
        self._wakeup_count = 0
        self._reading = False  # a thread is reading notifications from the LISTEN connection

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]:
        stmt = (
            select(s.EventRow).where(s.EventRow.id > after_id).order_by(s.EventRow.id).limit(limit)
        )
        with self._engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            from sqlalchemy.orm import Session

            with Session(bind=conn) as session:
                return [_to_event(r) for r in session.scalars(stmt)]

    def last_id(self) -> int:
        with self._engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            return int(conn.execute(select(func.coalesce(func.max(s.EventRow.id), 0))).scalar_one())

    def wait(self, after_id: int, timeout: float) -> list[Event]:
        deadline = time.monotonic() + max(timeout, 0.0)
        if self._engine.dialect.name == "postgresql":
            return self._wait_notify(after_id, deadline)
        while True:
            found = self.events_after(after_id)
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(min(POLL_INTERVAL_S, max(deadline - time.monotonic(), 0)))

    def _wait_notify(self, after_id: int, deadline: float) -> list[Event]:
        import psycopg

        with self._lock:
            if self._listen_conn is None or self._listen_conn.closed:
                url = self._engine.url.set(drivername="postgresql")
                dsn = url.render_as_string(hide_password=False)
                self._listen_conn = psycopg.connect(dsn, autocommit=True)
                self._listen_conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            conn = self._listen_conn
        while True:
            # note the wake-up count before looking (and only once LISTEN is active), so that a
            # commit between the look and the wait cannot be missed
            with self._wakeups:
                seen = self._wakeup_count
            found = self.events_after(after_id)
            left = deadline - time.monotonic()
            if found or left <= 0:
                return found
            self._await_notify(conn, seen, left)

    def _await_notify(self, conn: Any, seen: int, timeout: float) -> None:
        """Block until a NOTIFY (or a spurious wake-up) after wake-up number `seen`, or timeout.

        Many threads share one LISTEN connection (the server follows the feed for every client),
        but only one can read it at a time and a notification reaches only that reader: so one
        thread reads and wakes all the others, instead of each queueing for the connection and
        sleeping through a notification another thread consumed.
        """
        with self._wakeups:
            if self._wakeup_count != seen:
                return
            if self._reading:
                self._wakeups.wait_for(lambda: self._wakeup_count != seen, timeout)
                return
            self._reading = True
        try:
            for _ in conn.notifies(timeout=timeout, stop_after=1):
                break
        finally:
            with self._wakeups:
                self._reading = False
                self._wakeup_count += 1  # also on timeout: another waiter takes over reading
                self._wakeups.notify_all()

    def close(self) -> None:
        with self._lock:
            if self._listen_conn is not None:
                self._listen_conn.close()
                self._listen_conn = None
