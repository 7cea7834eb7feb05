"""Headless consoles for bench/live_updates.py, as asyncio tasks in a client process.

Each console holds the first `depth` rows of the queue every agent starts with (open tickets,
soonest deadline first) and keeps it current one of two ways:

- old: as MainWindow._on_events -> QueueModel.reload does today: every batch of ticket events
  restarts a 250 ms single-shot timer; when it fires, the search runs again on one of the
  console's 4 runner threads (TaskRunner), and only the newest answer is shown (ui/tasks.Latest);
- new: services.queue_view.QueueView patched from the changed tickets' rows, fetched with
  ticket_rows (one fetch in flight; ids that arrive meanwhile wait for the next), or attached
  to the stream's messages by the server; a row it cannot place: one search.

Whether a console's list reflects a change is judged from the list itself (see Console.check).
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from dispatch_console.domain.events import changed_ticket_ids
from dispatch_console.domain.lifecycle import OPEN_STATES
from dispatch_console.domain.tickets import TicketRow
from dispatch_console.ports import TicketQuery
from dispatch_console.services.queue_view import QueueView, Undecidable

DEBOUNCE_S = 0.25  # ui/main_window.py LIVE_RELOAD_DELAY_MS
RUNNER_THREADS = 4  # ui/tasks.py TaskRunner default
QUERY = TicketQuery(open_only=True, sort="due")
DEPTHS = (100, 100, 100, 200, 500)  # rows each console has scrolled to (QueueModel keeps <= 500)


@dataclass(frozen=True)
class Change:
    """One committed write, as its writer saw it: enough to tell whether a list shows it."""

    ticket_id: int
    version: int
    commit: float  # the ticket's updated_at (set in the transaction), epoch seconds
    open: bool
    due: float | None

    @classmethod
    def of(cls, ticket: Any) -> Change:
        due = ticket.next_due_at
        return cls(ticket.id, ticket.version, ticket.updated_at.timestamp(),
                   ticket.status in OPEN_STATES, due.timestamp() if due else None)  # fmt: skip


def _key(row: TicketRow) -> tuple[float, int]:
    due = row.ticket.next_due_at
    return (due.timestamp() if due else float("inf"), row.ticket.id)


@dataclass
class Console:
    """What both ways share: the list shown, when each row (version) first appeared in it, and
    the changes it has yet to show."""

    backend: Any
    depth: int
    pool: ThreadPoolExecutor
    present: dict[int, tuple[int, float]] = field(default_factory=dict)  # id -> (version, since)
    gone_at: dict[int, float] = field(default_factory=dict)
    last_key: tuple[float, int] | None = None  # None: the list holds everything that matches
    pending: list[Change] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    skipped: int = 0
    searches: int = 0
    row_fetches: int = 0
    undecidable: int = 0
    queued_s: list[float] = field(default_factory=list)  # waits for a client thread
    last_event: int = 0
    busy: int = 0
    rows: list[TicketRow] = field(default_factory=list)
    reconnects: int = 0
    errors: int = 0
    last_error: str | None = None

    async def call(self, fn: Any, *args: Any) -> Any:
        submitted = time.perf_counter()

        def timed() -> Any:
            self.queued_s.append(time.perf_counter() - submitted)
            return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(self.pool, timed)

    def show(
        self, rows: list[TicketRow], complete: bool, steps: list[Any] | None = None,
        changed: list[TicketRow] = (),  # type: ignore[assignment]
    ) -> None:  # fmt: skip
        """The list now shows `rows`. After a patch (its `steps`, placing `changed`) only those
        tickets moved: only they are looked at (200 consoles share this process's CPU)."""
        now = time.time()
        if steps is None:
            ids = set()
            for r in rows:
                ids.add(r.ticket.id)
                self._now_showing(r, now)
            for gone in set(self.present) - ids:
                del self.present[gone]
                self.gone_at[gone] = now
        else:
            fresh = {r.ticket.id: r for r in changed}
            for step in steps:
                if step.new is not None:
                    self._now_showing(fresh[step.ticket_id], now)
                elif self.present.pop(step.ticket_id, None) is not None:
                    self.gone_at[step.ticket_id] = now
        self.last_key = None if complete or not rows else _key(rows[-1])
        self.rows = rows
        self.pending = [c for c in self.pending if not self.check(c)]

    def _now_showing(self, r: TicketRow, now: float) -> None:
        held = self.present.get(r.ticket.id)
        if held is None or held[0] != r.ticket.version:
            self.present[r.ticket.id] = (r.ticket.version, now)

    def learn(self, change: Change) -> None:
        if not self.check(change):
            self.pending.append(change)

    def check(self, c: Change) -> bool:
        """Whether the list shows change `c` (then its latency is recorded) or never showed the
        ticket (the change is not this console's business)."""
        held = self.present.get(c.ticket_id)
        if held is not None and held[0] >= c.version:
            self.latencies.append(max(held[1] - c.commit, 0.0))
            return True
        belongs = c.open and (self.last_key is None or (c.due or float("inf"), c.ticket_id)
                              <= self.last_key)  # fmt: skip
        if held is None and not belongs:
            gone = self.gone_at.get(c.ticket_id)
            if gone is not None and gone >= c.commit:
                self.latencies.append(gone - c.commit)
            else:  # not in this console's list before the change, nor after
                self.skipped += 1
            return True
        return False

    async def search(self, limit: int) -> tuple[list[TicketRow], bool]:
        self.searches += 1
        page = await self.call(self.backend.search_tickets, replace(QUERY, limit=limit))
        return page.items, page.next_cursor is None

    def idle(self, final_event: int) -> bool:
        return self.busy == 0 and self.last_event >= final_event

    async def verdict(self) -> bool | str:
        """Whether the list equals a fresh search (ids, order and versions); if not, how not."""
        page = await self.call(
            self.backend.search_tickets, replace(QUERY, limit=len(self.rows) or 1)
        )
        fresh = page.items
        mine = [(r.ticket.id, r.ticket.version) for r in self.rows]
        theirs = [(r.ticket.id, r.ticket.version) for r in fresh]
        if mine == theirs:
            return True
        at = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b), None)
        return f"{len(mine)} rows, fresh {len(theirs)}; first difference at {at}: " + (
            f"{mine[at]} vs {theirs[at]}" if at is not None else "lengths"
        )

    def report(self, end: float) -> dict[str, Any]:
        """`missed_ages`: how long the changes never shown had been waiting when the run ended."""
        return {
            "missed_ages": [end - c.commit for c in self.pending],
            "latencies": self.latencies, "missed": len(self.pending), "skipped": self.skipped,
            "searches": self.searches, "row_fetches": self.row_fetches, "errors": self.errors,
            "undecidable": self.undecidable, "queued_s": self.queued_s,
        }  # fmt: skip


class OldConsole(Console):
    async def start(self, after_id: int) -> None:
        rows, complete = await self.search(self.depth)
        self.show(rows, complete)
        self.last_event, self.searches = after_id, 0
        self._generation = 0
        self._in_flight = 0
        self._timer: asyncio.TimerHandle | None = None
        self._threads = asyncio.Semaphore(RUNNER_THREADS)

    def on_events(self, events: list[Any], tickets: Any = None) -> None:
        if any(e.entity == "ticket" for e in events):
            if self._timer is not None:
                self._timer.cancel()
            self._timer = asyncio.get_running_loop().call_later(DEBOUNCE_S, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._generation += 1
        self._in_flight += 1
        asyncio.get_running_loop().create_task(self._reload(self._generation))

    async def _reload(self, mine: int) -> None:
        try:
            async with self._threads:  # queued reloads are not cancelled, as in TaskRunner
                rows, complete = await self.search(max(100, min(len(self.rows), 500)))
            if mine == self._generation:  # ui/tasks.Latest: older answers are dropped
                self.show(rows, complete)
        except Exception as exc:  # counted; the next batch of events tries again
            self.last_error = repr(exc)
            self.errors += 1
        finally:
            self._in_flight -= 1

    def idle(self, final_event: int) -> bool:
        return self._timer is None and self._in_flight == 0 and self.last_event >= final_event


class NewConsole(Console):
    async def start(self, after_id: int) -> None:
        self.view = QueueView(replace(QUERY, limit=self.depth))
        rows, complete = await self.search(self.depth)
        self.view.loaded(rows, not complete)
        self.show(rows, complete)
        self.last_event, self.searches = after_id, 0
        self._ids: dict[int, None] = {}
        self._resync = False
        self._reading = False
        self._wake = asyncio.Event()
        self._worker = asyncio.get_running_loop().create_task(self._patcher())

    def on_events(self, events: list[Any], tickets: list[TicketRow] | None = None) -> None:
        ids = changed_ticket_ids((e.entity, e.entity_id) for e in events)
        if not ids:
            return
        if tickets is not None and not (self._reading or self._ids or self._resync):
            # the server attached the rows, and no older read is under way: no request at all
            mine = [r for r in tickets if r.ticket.id in set(ids)]
            if self._apply(mine, [i for i in ids if i not in {r.ticket.id for r in mine}]):
                return
            self._resync = True
        else:  # read them (after what is under way, so that no older row lands last)
            self._ids.update(dict.fromkeys(ids))
        self.busy = 1
        self._wake.set()

    def _apply(self, rows: list[TicketRow], gone: list[int]) -> bool:
        try:
            steps = self.view.patch(rows, gone)
        except Undecidable:
            self.undecidable += 1
            return False
        self.show(self.view.rows, self.view.bound is None, steps, rows)
        return True

    async def _patcher(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            self._reading = True
            ids, self._ids = list(self._ids), {}
            try:
                if ids and not self._resync:
                    self.row_fetches += 1
                    rows = await self.call(self.backend.ticket_rows, ids)
                    got = {r.ticket.id for r in rows}
                    self._resync = not self._apply(rows, [i for i in ids if i not in got])
                if self._resync:  # one search puts the list right
                    self._resync = False
                    fresh, complete = await self.search(max(100, min(len(self.view.rows), 500)))
                    self.view.loaded(fresh, not complete)
                    self.show(fresh, complete)
            except Exception as exc:  # counted; a search puts it right shortly
                self.last_error, self._resync = repr(exc), True
                self.errors += 1
                await asyncio.sleep(1.0)
                self._wake.set()
            self._reading = False
            if not self._ids and not self._resync:
                self.busy = 0


WAYS = {
    "old": "re-run the search 250 ms after the last batch (before e7d67a5)",
    "new": "QueueView patched from the rows the feed brings (directly: on its LISTEN connection)",
    "new_fetch": "the feed without rows: the console asks ticket_rows for each batch",
}


def make_console(way: str, backend: Any, depth: int, pool: ThreadPoolExecutor) -> Console:
    return (OldConsole if way == "old" else NewConsole)(backend, depth, pool)
