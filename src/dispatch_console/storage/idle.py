"""Closing a pool's connections that nobody used for a while.

SQLAlchemy's QueuePool keeps up to `pool_size` connections open for ever; PostgreSQL gives each
one a process and counts it against `max_connections`. A console is idle most of the day (the
change feed keeps it current on a connection of its own), so its call connections close after
`idle_s` unused and reopen on the next call (a few milliseconds). One daemon thread serves
every pool in the process; it only ever removes connections that sit in the pool unused, so a
call in flight is never touched and the pool's bound is never exceeded."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.pool import QueuePool
from sqlalchemy.util.queue import Empty, Full

from ..runtime.supervise import Supervisor

log = logging.getLogger(__name__)
SWEEP_S = 1.0  # how often idle connections are looked for
_IDLE_SINCE = "dispatch_idle_since"


class _Sweeper:
    def __init__(self) -> None:
        self._pools: weakref.WeakKeyDictionary[QueuePool, float] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self._stop: threading.Event | None = None

    def watch(self, pool: QueuePool, idle_s: float) -> None:
        with self._lock:
            self._pools[pool] = idle_s
            if self._stop is None:
                self._stop = Supervisor().start("idle-connections", self._run)

    def _run(self, stop: threading.Event) -> None:
        while not stop.wait(SWEEP_S):
            with self._lock:
                pools = list(self._pools.items())
            for pool, idle_s in pools:
                try:
                    sweep(pool, idle_s)
                except Exception:  # a sweep must never end the thread that serves every pool
                    log.warning("closing idle database connections failed", exc_info=True)


def sweep(pool: QueuePool, idle_s: float, now: float | None = None) -> int:
    """Close the connections unused for `idle_s` or more; returns how many were closed."""
    now = time.monotonic() if now is None else now
    closed = 0
    queue: Any = pool._pool
    for _ in range(queue.maxsize or 0):
        try:
            record = queue.get(False)
        except Empty:
            break
        if now - record.info.get(_IDLE_SINCE, now) < idle_s:
            try:  # the oldest in the queue is still fresh: so are the others
                queue.put(record, False)
            except Full:  # another was returned meanwhile: one too many now
                _discard(pool, record)
                closed += 1
            break
        _discard(pool, record)
        closed += 1
    if closed:
        log.debug("closed %d idle database connection(s)", closed)
    return closed


def _discard(pool: QueuePool, record: Any) -> None:
    record.close()
    pool._dec_overflow()


def close_when_idle(engine: Engine, idle_s: float) -> None:
    """Close `engine`'s pooled connections after `idle_s` seconds unused."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return

    @event.listens_for(pool, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    _SWEEPER.watch(pool, idle_s)


_SWEEPER = _Sweeper()
