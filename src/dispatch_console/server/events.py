"""Live events over WebSocket: `/api/v1/events?after=ID`.

One thread per server process follows the database's change feed (PostgreSQL NOTIFY, SQLite
polling) and hands each new batch to every socket connected to this process. A socket first
catches up from the database (`after`), then takes the live batches, skipping what it already
sent: a console that reconnects with the last id it saw misses nothing and gets nothing twice.
Events written through another server process reach this one's consoles through the database,
so instances behind a load balancer need nothing in common but PostgreSQL.

A console that asks for rows (`&rows=1`) gets each live batch as `{"events": [...], "tickets":
[...]}`: the changed tickets' queue lines, read once per batch for every such socket, so that
200 consoles keep their queues current without 200 searches (services/queue_view.py). Catch-up
from the database stays a plain list of events; the console then asks `ticket_rows` itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from sqlalchemy import exc as sa_exc
from starlette.concurrency import run_in_threadpool

from ..domain.errors import DatabaseFull, DomainError, PermissionDenied, TooManyAttempts
from ..domain.events import Event, changed_ticket_ids
from ..domain.tickets import TicketRow
from ..ports import Actor
from ..rest.wire import API, to_json
from ..runtime.supervise import Supervisor, one_line
from ..services import Services
from ..services.policy import authorize
from ..services.queue_view import MAX_ROWS
from .streams import StreamLimits

log = logging.getLogger(__name__)

FOLLOW_WAIT_S = 1.0  # bounds how late a stop (or a rewind) is noticed
RETRY_S = 1.0  # between tries while the database is away
CATCH_UP_BATCH = 500
NOT_SIGNED_IN = 4401  # WebSocket close code: 4000 + the HTTP status it stands for
FORBIDDEN = 4403
TOO_MANY = 4429
RECHECK_S = 10.0  # how long a revoked or expired token can keep an open stream
CATCH_UP_RETRY_S = 1.0  # a stream that could not catch up (the database away) reads again
# what a database that is down, silent past its timeouts or full raises (server/app.py: 503)
DATABASE_AWAY = (sa_exc.OperationalError, sa_exc.InterfaceError, DatabaseFull)


class EventHub:
    """Follows the change feed on a thread; subscribers are asyncio queues on the server loop."""

    def __init__(self, services: Services, supervisor: Supervisor | None = None) -> None:
        self._services = services
        self.supervisor = self._supervisor = supervisor or Supervisor()
        # reads the changed rows for every socket at once; a desk role, as the stream is the desk's
        self._reader = services.as_actor(Actor("live-events", "supervisor"))
        self._subscribers: set[asyncio.Queue[Delivery]] = set()
        self._want_rows: set[asyncio.Queue[Delivery]] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._rewind = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last_ok = time.monotonic()  # the feed's last answer
        self._failing_since: float | None = None  # the current outage's start
        self._last: int | None = None  # the newest event handed to the sockets
        self._starting = asyncio.Lock()

    def start(self, loop: asyncio.AbstractEventLoop, *, lazy: bool = False) -> None:
        """`lazy`: follow the feed only once a socket wants it (`ready`): a hosted company
        that only answers requests then holds no LISTEN connection and no thread."""
        self._loop = loop
        self._last_ok = time.monotonic()
        self._stop = threading.Event()  # a hosted company's hub is started again on reopening
        self._thread = None
        self._last = None
        if not lazy:
            self._run()

    async def ready(self) -> None:
        """Before a socket subscribes: a lazy hub starts following, from the newest event as
        it is now, so the socket's catch-up (read after it subscribed) overlaps it and nothing
        falls between the two."""
        if self._thread is not None or self._loop is None:
            return
        async with self._starting:
            if self._thread is None:
                self._last = await run_in_threadpool(self._services.last_event_id)
                self._last_ok = time.monotonic()
                self._run()

    def _run(self) -> None:
        self._thread = threading.Thread(
            target=self._supervisor.run, args=("event-hub", self._follow, self._stop),
            name="event-hub", daemon=True,
        )  # fmt: skip
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(FOLLOW_WAIT_S + 1)

    def rewind(self) -> None:
        """The log was emptied (the test suite's reset): follow it again from its start."""
        self._rewind.set()

    def subscribe(self, *, rows: bool = False) -> asyncio.Queue[Delivery]:
        queue: asyncio.Queue[Delivery] = asyncio.Queue(maxsize=1000)
        with self._lock:
            self._subscribers.add(queue)
            if rows:
                self._want_rows.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Delivery]) -> None:
        with self._lock:
            self._subscribers.discard(queue)
            self._want_rows.discard(queue)

    stale_after = 15.0  # seconds without the database before consoles are told updates lag

    @property
    def stale(self) -> bool:
        return self.poll_age() > self.stale_after

    def poll_age(self) -> float:
        """Seconds since the feed last answered (0 until the hub's first try is due)."""
        return time.monotonic() - self._last_ok

    def outage(self) -> float:
        """Seconds the database has been failing the hub for; 0 while it answers."""
        since = self._failing_since
        return 0.0 if since is None else time.monotonic() - since

    def _follow(self, stop: threading.Event) -> None:
        """Never ends before stop(): a database error (down, restarted, our session killed) is
        logged once, retried every RETRY_S, and its end logged; consoles then catch up from
        their own position, so nothing is lost meanwhile. Run again after an unexpected error
        (the supervisor), it resumes from the last batch it handed over."""
        while not stop.is_set():
            try:
                if self._last is None:
                    self._last = self._services.last_event_id()
                if self._rewind.is_set():  # emptied: whatever is there now was written since
                    self._rewind.clear()
                    self._last = 0
                batch = self._services.wait_for_events(self._last, FOLLOW_WAIT_S)
            except Exception as exc:  # the database is away: try again shortly, the sockets wait
                self._failed(exc)
                stop.wait(RETRY_S)
                continue
            self._answered()
            if not batch:
                continue
            after, self._last = self._last, batch[-1].id
            try:
                self._deliver(batch, after)
            except Exception:  # a bug here must not stop live events for every console
                log.exception("live events: a batch could not be handed to the sockets")

    def _deliver(self, batch: list[Event], after: int) -> None:
        with self._lock:
            queues = list(self._subscribers)
            rows_wanted = bool(self._want_rows)
        if not queues:
            return
        encoded = json.dumps(_encode(batch))  # once for every socket
        tickets = self._rows_of(batch) if rows_wanted else None
        with_rows = None if tickets is None else _with_rows(encoded, tickets)
        delivery = Delivery(batch, after, encoded, tickets, with_rows)
        assert self._loop is not None
        # one wake-up of the loop for every socket: 100 call_soon_threadsafe a batch each wrote
        # to the loop's self-pipe, which showed in the profile at 200 consoles
        self._loop.call_soon_threadsafe(_offer_all, queues, delivery)

    def _failed(self, exc: Exception) -> None:
        if self._failing_since is None:  # once per outage, not once a second
            self._failing_since = time.monotonic()
            why = (str(exc).strip().splitlines() or [""])[0]
            log.warning(
                "live events stopped: the database does not answer (%s: %s); retrying every %.0f s",
                type(exc).__name__,
                why,
                RETRY_S,
                exc_info=exc,
            )  # once: a bug here would read the same; fmt: skip

    def _answered(self) -> None:
        self._last_ok = time.monotonic()
        if self._failing_since is not None:
            log.warning("live events flow again after %.0f s", self.outage())
            self._failing_since = None

    def _rows_of(self, batch: list[Event]) -> str | None:
        """The batch's changed tickets' rows, as JSON; None when the rows cannot be read now
        (the consoles then ask for them, as after a catch-up)."""
        ids = changed_ticket_ids((e.entity, e.entity_id) for e in batch)
        if len(ids) > MAX_ROWS:
            return None
        try:
            rows = self._reader.ticket_rows(ids) if ids else []
        except Exception:
            log.warning("live events: could not read %d changed tickets", len(ids), exc_info=True)
            return None
        return json.dumps(to_json(list[TicketRow], rows))


@dataclass(frozen=True, slots=True)
class Delivery:
    """A batch for the sockets: every event the hub read after event `after` (ids need not
    follow on: a rolled-back append leaves a hole in the sequence), as JSON, and its changed
    tickets' rows as JSON for the sockets that asked."""

    batch: list[Event]
    after: int
    plain: str
    tickets: str | None = None
    with_rows: str | None = None  # plain and tickets in one message, made once for every socket

    def text(self, rows: bool) -> str:
        return (rows and self.with_rows) or self.plain


def _with_rows(events: str, tickets: str) -> str:
    return '{"events": ' + events + ', "tickets": ' + tickets + "}"


WAKE = Delivery([], -1, "")  # nothing to send: look at the socket and the clock


def _offer_all(queues: list[asyncio.Queue[Delivery]], delivery: Delivery) -> None:
    for queue in queues:
        if not queue.full():  # a console that stopped reading: it resumes from the database later
            queue.put_nowait(delivery)


def add_event_socket(
    app: FastAPI,
    services: Services,
    hub: EventHub,
    actor_for: Callable[[str], Actor],
    limits: StreamLimits,
) -> None:
    @app.websocket(API + "/events")
    async def events(
        websocket: WebSocket, after: int = 0, token: str | None = None, rows: bool = False
    ) -> None:
        raw = token or _bearer(websocket.headers.get("authorization")) or ""
        try:
            who = await run_in_threadpool(actor_for, raw)
        except DomainError:  # accepted, to say why in a close code the client can read
            await websocket.accept()
            await websocket.close(code=NOT_SIGNED_IN, reason="sign in first")
            return
        try:  # the feed's own policy: the whole log is the desk's
            await run_in_threadpool(authorize, services.as_actor(who), "events_after")
        except PermissionDenied:
            await websocket.accept()
            await websocket.close(code=FORBIDDEN, reason="the event stream is for the desk")
            return
        await websocket.accept()
        try:
            with limits.hold(who.name):
                await _stream(websocket, services, hub, after, lambda: actor_for(raw), rows)
        except TooManyAttempts:
            # a close frame carries at most 123 bytes: a Chinese user name would not fit
            await websocket.close(code=TOO_MANY, reason="too many event streams for this user")


async def _stream(
    websocket: WebSocket,
    services: Services,
    hub: EventHub,
    after: int,
    still_signed_in: Callable[[], Actor],
    rows: bool = False,
) -> None:
    """Catches up from the database, then forwards live batches until the client goes away
    or its token stops being valid."""
    await hub.ready()
    queue = hub.subscribe(rows=rows)  # before catching up: nothing falls between the two
    last = max(after, 0)
    gone: asyncio.Future[None] | None = None
    told_stale = False
    try:
        gone = asyncio.ensure_future(_closed_by_client(websocket, queue))
        while True:  # catch up from the database
            try:
                backlog = await run_in_threadpool(services.events_after, last, CATCH_UP_BATCH)
            except DATABASE_AWAY as exc:
                # the database went away as this console connected: keep its socket open and
                # read again, as the hub does, instead of dropping it without a close frame
                log.info("event stream: catching up failed (%s); again in %g s", one_line(exc),
                         CATCH_UP_RETRY_S)  # fmt: skip
                if rows and not told_stale:
                    told_stale = True
                    await websocket.send_json({"events": [], "stale": True})
                await asyncio.sleep(CATCH_UP_RETRY_S)
                if gone.done():
                    return
                continue
            if not backlog:
                break
            await websocket.send_json(_encode(backlog))
            last = backlog[-1].id
        # a desk's consoles connect together (a server restart, 9:00): spread their token checks
        # over the interval, or 200 lookups every 10 s arrive in the same instant and the
        # writes queued behind them are what the desk feels (bench/live_updates.py)
        checked = time.monotonic() - random.uniform(0, RECHECK_S)
        while True:
            try:
                delivery = await asyncio.wait_for(queue.get(), RECHECK_S)
            except TimeoutError:
                delivery = WAKE
            batch = delivery.batch
            if gone.done():  # the console went away: give its place back now, not at a send
                return
            if time.monotonic() - checked >= RECHECK_S:  # signed out, revoked, expired?
                checked = time.monotonic()
                if rows and hub.stale != told_stale:  # a console that reads objects: say so
                    told_stale = hub.stale
                    await websocket.send_json({"events": [], "stale": told_stale})
                try:
                    await run_in_threadpool(still_signed_in)
                except DomainError:
                    await websocket.close(code=NOT_SIGNED_IN, reason="sign in again")
                    return
                except Exception as exc:  # the database cannot say now: keep the socket, ask
                    # later (a bug would repeat: its traceback is in the debug log)
                    log.info("event stream: could not recheck a token (%s); asking again later",
                             one_line(exc), exc_info=log.isEnabledFor(logging.DEBUG))  # fmt: skip
            if not batch:
                continue
            if delivery.after == last:  # the usual case: exactly what comes next
                await websocket.send_text(delivery.text(rows))
                last = batch[-1].id
                continue
            if delivery.after > last:
                # this socket missed a batch (its queue was full): the database has the truth
                fresh = await run_in_threadpool(services.events_after, last, CATCH_UP_BATCH)
                if fresh:
                    await websocket.send_json(_encode(fresh))
                    last = fresh[-1].id
                continue
            # its catch-up read part of this batch already: send the rest, with the batch's
            # rows (those of tickets it already had are current too)
            fresh = [e for e in batch if e.id > last]
            if fresh:
                events = json.dumps(_encode(fresh))
                tickets = delivery.tickets if rows else None
                await websocket.send_text(
                    events if tickets is None else _with_rows(events, tickets)
                )
                last = fresh[-1].id
    except WebSocketDisconnect:
        pass
    finally:
        if gone is not None:
            gone.cancel()
        hub.unsubscribe(queue)


async def _closed_by_client(websocket: WebSocket, queue: asyncio.Queue[Delivery]) -> None:
    """Returns when the client closes (consoles send nothing else on this socket), waking the
    sender with an empty batch: one task per socket, not one per message."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            with contextlib.suppress(asyncio.QueueFull):  # full: it is awake anyway
                queue.put_nowait(WAKE)
            return


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def _encode(events: list[Event]) -> Any:
    return to_json(list[Event], events)
