"""Who, among every server process on one database, does the work that must run once (the SLA
scan, the PBX connection, the notification sender).

PostgreSQL: a session-level advisory lock on a connection of its own. PostgreSQL releases it
when that session ends for any reason (the process killed, the machine gone, the backend
terminated), so a standby's next try takes over without anyone cleaning up. SQLite: one server
process per database file, which is always the leader."""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy import text
from sqlalchemy.pool import NullPool

from .engine import make_engine

log = logging.getLogger(__name__)
# one number for "the dispatch-server's once-only work"; advisory locks are per database
LOCK_KEY = 0x64697370_6F6E6365  # "disponce"


class LeaderLock:
    """`try_acquire()` until it returns True; then `still_held()` now and then; `release()`."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._engine = make_engine(url, poolclass=NullPool)
        self.shared = self._engine.dialect.name == "postgresql"
        self._conn: Any = None

    def try_acquire(self) -> bool:
        if not self.shared:
            return True
        try:
            if self._conn is None:
                conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                # who holds it, for people reading pg_stat_activity (and the tests)
                name = f"dispatch-leader {os.getpid()}"
                conn.execute(text("SELECT set_config('application_name', :n, false)"), {"n": name})
                self._conn = conn
            got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})
            return bool(got.scalar_one())
        except Exception as exc:  # the database is away: a standby tries again later
            log.debug("leader lock: %s", exc)
            self._drop()
            return False

    def still_held(self) -> bool:
        """False once the lock's session is gone: another process may hold it by now."""
        if not self.shared:
            return True
        if self._conn is None:
            return False
        try:
            held = self._conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid() AND objsubid = 1"
                    " AND ((classid::bigint << 32) | objid::bigint) = :k"
                ),
                {"k": LOCK_KEY},
            ).scalar_one()
            return bool(held)
        except Exception as exc:
            log.debug("leader lock lost: %s", exc)
            self._drop()
            return False

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
            except Exception as exc:  # its session is gone: so is the lock
                log.debug("leader unlock: %s", exc)
        self._drop()

    def close(self) -> None:
        self.release()
        self._engine.dispose()

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception as exc:  # a broken connection may fail to close: it is gone anyway
                log.debug("leader connection close: %s", exc)
            self._conn = None
