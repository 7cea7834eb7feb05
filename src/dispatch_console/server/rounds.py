"""A hosted server's background work for every company, open or not: its SLA scan (escalations,
notices), its notification outbox and the purges of old outcomes and counts.

One single-company server runs this work on threads of its own while it leads (server/once.py).
A hosted server cannot give each of 1,000 companies three threads and a leader connection, and
must not skip a company because nobody has asked for it lately (its overdue tickets would wait
for the morning's first request). So one supervised loop goes round the active companies every
`every_s` seconds, `workers` at a time, and gives each one visit: a scan, the outbox until
empty, and an hourly purge. A visit holds at most VISIT_CONNECTIONS, inside the connection cap.

Several server processes share the companies: a visit first takes the company's leader lock
(the advisory lock of storage/leader.py) for its duration, so a company is visited by one
process at a time, and a company whose own server leads (an on-premises install moved here
mid-upgrade) is left to it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from ..runtime.supervise import Supervisor
from ..storage.leader import LOCK_KEY
from ..storage.store import SqlStore
from ..storage.tenants import Tenant

log = logging.getLogger(__name__)
VISIT_CONNECTIONS = 2  # the leader lock's, and one for the work


@dataclass
class RoundFigures:
    """The last round, for /healthz and the logs."""

    visited: int = 0
    skipped: int = 0  # another process was visiting it
    failed: int = 0
    seconds: float = 0.0
    ended: str = ""  # when (UTC, ISO 8601); empty before the first round ends


# a visit: the work of one company, on a store the round opened for it
Visit = Callable[[Tenant, SqlStore], None]


class TenantRounds:
    """`tenants()` lists the companies as the catalogue was last read; `visit(tenant, store)`
    does one company's work."""

    def __init__(
        self,
        tenants: Callable[[], list[Tenant]],
        visit: Visit,
        *,
        every_s: float,
        workers: int,
        store_for: Callable[[Tenant], SqlStore],
        supervisor: Supervisor | None = None,
    ) -> None:
        self._tenants = tenants
        self._visit = visit
        self.every_s = every_s
        self.workers = max(1, workers)
        self._store_for = store_for
        self._supervisor = supervisor or Supervisor()
        self._stop = threading.Event()
        self.last = RoundFigures()

    def start(self) -> None:
        self._supervisor.start("tenant-rounds", self._run, self._stop)

    def stop(self) -> None:
        self._stop.set()

    def _run(self, stop: threading.Event) -> None:
        with ThreadPoolExecutor(self.workers, thread_name_prefix="tenant-visit") as pool:
            while not stop.is_set():
                began = time.monotonic()
                active = [t for t in self._tenants() if t.active]
                outcomes = list(pool.map(lambda t: self.visit(t, stop), active))
                took = time.monotonic() - began
                self.last = RoundFigures(
                    visited=outcomes.count("done"), skipped=outcomes.count("skipped"),
                    failed=outcomes.count("failed"), seconds=round(took, 1),
                    ended=datetime.now(UTC).isoformat(timespec="seconds"),
                )  # fmt: skip
                if took > self.every_s:
                    log.warning("a round of %d companies took %.0f s, more than the %g s asked "
                                "for: raise --tenant-workers", len(active), took,
                                self.every_s)  # fmt: skip
                stop.wait(max(0.0, self.every_s - took))

    def visit(self, tenant: Tenant, stop: threading.Event | None = None) -> str:
        """One company's work now: "done", "skipped" (another process has it) or "failed"."""
        if stop is not None and stop.is_set():
            return "skipped"
        try:
            store = self._store_for(tenant)
        except Exception:  # a URL that cannot be used: the next round tries again
            log.exception("tenant %s: its background work could not start", tenant.id)
            return "failed"
        try:
            with _leading(store) as leads:
                if not leads:
                    return "skipped"
                self._visit(tenant, store)
            return "done"
        except Exception as exc:  # its database away, or a bug: the others go on
            log.warning("tenant %s: background work failed: %s: %s", tenant.id,
                        type(exc).__name__, exc, exc_info=not _database_away(exc))  # fmt: skip
            return "failed"
        finally:
            store.close()  # its connections; the store itself may serve the next round


@contextmanager
def _leading(store: SqlStore) -> Iterator[bool]:
    """Holds the company's leader lock for the visit, if no one else does."""
    if store.dialect != "postgresql":
        yield True
        return
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar())
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})


def _database_away(exc: Exception) -> bool:
    from sqlalchemy import exc as sa_exc

    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError)
