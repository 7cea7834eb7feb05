"""The desk's writes for bench/live_updates.py: W writers making ~`rate` ticket changes a
second between them, on the tickets at the top of the queue (where agents work): priority
changes, assignments, lifecycle steps (on hold and back, accepted, on site, resolved) and new
tickets. Each write's latency is timed; its result (the ticket as committed) goes to `sink`."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from _live_consoles import QUERY, Change
from dispatch_console.domain.enums import Priority, TicketStatus
from dispatch_console.domain.errors import DomainError
from dispatch_console.domain.lifecycle import ASSIGNABLE_STATES, REASON_REQUIRED, allowed_targets
from dispatch_console.domain.tickets import TicketDraft

S = TicketStatus
# lifecycle steps a writer takes, forward first; cancel, reopen and close are left out
STEPS = (S.ACCEPTED, S.EN_ROUTE, S.ON_SITE, S.IN_PROGRESS, S.RESOLVED, S.ON_HOLD)


class Writers:
    """`backends[i]` is writer i's backend (Services or RestBackend); `reader` answers the
    harness's own look at the top of the queue (every 2 s, not timed)."""

    def __init__(
        self, backends: list[Any], reader: Any, rate: float, sink: Callable[[Change], None]
    ) -> None:
        self.backends = backends
        self.reader = reader
        self.interval = len(backends) / rate
        self.sink = sink
        self.latencies: list[float] = []
        self.timeline: list[tuple[float, float, str]] = []  # (monotonic start, seconds, kind)
        self.failed: dict[str, int] = {}
        self.kinds: dict[str, int] = {}
        self.examples: dict[str, str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._top: list[int] = []
        self._techs: dict[int | None, list[int]] = {}
        for tech in reader.list_technicians():
            self._techs.setdefault(tech.department_id, []).append(tech.id)
        self._refresh()

    def _refresh(self) -> None:
        page = self.reader.search_tickets(replace(QUERY, limit=100))
        self._top = [r.ticket.id for r in page.items]

    def reset(self) -> None:
        """Forget what was timed so far (a warm-up)."""
        with self._lock:
            self.latencies.clear()
            self.timeline.clear()
            self.kinds.clear()
            self.failed.clear()

    def run(self, seconds: float) -> float:
        """Write for `seconds`; returns the wall time the writing took."""
        self._stop.clear()
        threads = [threading.Thread(target=self._writer, args=(b, n), daemon=True)
                   for n, b in enumerate(self.backends)]  # fmt: skip
        t0 = time.monotonic()
        for t in threads:
            t.start()
        while time.monotonic() - t0 < seconds:
            time.sleep(min(2.0, max(seconds - (time.monotonic() - t0), 0)))
            self._refresh()
        self._stop.set()
        for t in threads:
            t.join()
        return time.monotonic() - t0

    def _writer(self, backend: Any, n: int) -> None:
        rng = random.Random(n)
        due = time.monotonic() + rng.random() * self.interval  # spread the writers' phases
        while not self._stop.is_set():
            wait = due - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                return
            due = max(due + self.interval, time.monotonic())  # late: no burst to catch up
            try:
                ticket = backend.get_ticket(rng.choice(self._top))
                kind, write = self._pick(rng, backend, ticket)
                t0 = time.perf_counter()
                after = write()
                elapsed = time.perf_counter() - t0
            except DomainError as exc:  # another writer got there first: normal on a desk
                with self._lock:
                    self.failed[exc.code] = self.failed.get(exc.code, 0) + 1
                    self.examples.setdefault(exc.code, str(exc)[:200])
                continue
            except Exception as exc:  # counted and reported, never silent
                with self._lock:
                    key = type(exc).__name__
                    self.failed[key] = self.failed.get(key, 0) + 1
                    self.examples.setdefault(key, str(exc)[:200])
                continue
            with self._lock:
                self.latencies.append(elapsed)
                self.timeline.append((time.monotonic() - elapsed, elapsed, kind))
                self.kinds[kind] = self.kinds.get(kind, 0) + 1
            self.sink(Change.of(after))

    def _pick(self, rng: random.Random, b: Any, t: Any) -> tuple[str, Callable[[], Any]]:
        roll = rng.random()
        if roll < 0.12:
            pri = rng.choice([p for p in Priority])
            draft = TicketDraft("phone", t.category, pri, "bench: no heating",
                                customer_id=t.customer_id)  # fmt: skip
            return "new", lambda: b.create_ticket(draft)
        techs = self._techs.get(t.department_id) or [x for v in self._techs.values() for x in v]
        if roll < 0.32 and t.status in ASSIGNABLE_STATES and techs:
            tech = rng.choice(techs)
            return "assign", lambda: b.assign(t.id, t.version, tech)
        if roll < 0.65:
            steps = [s for s in STEPS if s in allowed_targets(t.status, t.held_from)]
            if t.status is S.ON_HOLD and t.held_from is not None:
                steps = [t.held_from]
            if steps:
                to = steps[0] if rng.random() < 0.7 else rng.choice(steps)
                reason = "waiting for parts" if to in REASON_REQUIRED else None
                return "transition", lambda: b.transition(t.id, t.version, to, reason)
        pri = rng.choice([p for p in Priority if p != t.priority])
        return "priority", lambda: b.update_ticket(t.id, t.version, priority=pri)

    def stop(self) -> None:
        self._stop.set()
