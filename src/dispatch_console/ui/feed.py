"""Following the change feed, so that other consoles' changes arrive live: a database's feed on a
thread of its own, a server's event stream as an asyncio task on the Qt loop. Either runs under
the window's supervisor: a failure the follower does not expect (a bug, a message no server
sends) is logged with its traceback, shown, and the follower started again."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from typing import Protocol

from PySide6.QtCore import QObject, QThread, Signal

from ..domain.errors import DomainError, NotSignedIn
from ..domain.events import Event
from ..ports import Backend, FeedBatch
from ..rest.errors import ServerError, ServerUnreachable
from ..runtime.supervise import Supervisor
from .loops import LIVE_UPDATES

log = logging.getLogger(__name__)
RETRY_S = 1.0  # after a failure, the pause before the stream is opened again
WAIT_S = 1.0  # how long one wait may block; bounds how late a stop request is noticed


class EventStream(Protocol):
    """What a server offers beyond the Backend: its event stream for an asyncio loop."""

    def event_batches(self, after_id: int) -> AsyncIterator[FeedBatch]: ...


class FeedFollower(QThread):
    """Resumes from the last event id it saw: after a failure nothing is missed or doubled.

    Signals:
        events(list): new events, oldest first.
        tickets(list): the changed tickets' rows, when the feed brings them (for a desk role);
            just before the events they go with.
        online(bool): whether the backend answered the last wait.
        signed_out(): the server ended this session (expired, revoked); once per ending.
        failed(object): why the feed went offline (the exception), once per outage, so the
            status bar can say it (e.g. the database has no connection slots left).
        stale(bool): never: a database's feed has no server between (StreamFollower's).
    """

    events = Signal(list)
    tickets = Signal(list)
    online = Signal(bool)
    signed_out = Signal()
    failed = Signal(object)
    stale = Signal(bool)

    def __init__(
        self, backend: Backend, after_id: int, supervisor: Supervisor | None = None
    ) -> None:
        super().__init__()
        self._backend = backend
        self._supervisor = supervisor or Supervisor()
        self._stop = threading.Event()
        self.last_id = after_id
        self._was_online: bool | None = None
        self._told_signed_out = False

    def run(self) -> None:
        self._supervisor.run(LIVE_UPDATES, self._follow, self._stop)

    def _follow(self, stop: threading.Event) -> None:
        try:
            self._wait_for_events(stop)
        except Exception:  # the supervisor logs it and starts again; meanwhile: offline
            self._set_online(False)
            raise

    def _wait_for_events(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                # the rows come with the events, read on the feed's own connection: keeping
                # the queue and the map current costs this console no call of its own
                changes = self._backend.wait_for_changes(self.last_id, WAIT_S)
            except NotSignedIn:  # waiting will not help: someone must sign in again
                self._set_online(False)
                if not self._told_signed_out:
                    self._told_signed_out = True
                    self.signed_out.emit()
                stop.wait(1.0)
                continue
            except Exception as exc:  # whatever the backend raises: it is away; say so once
                if self._was_online is not False:
                    # the traceback once per outage: a driver's error and a bug read differently
                    log.warning("change feed: %s", exc, exc_info=True)
                    self.failed.emit(exc)
                self._set_online(False)
                stop.wait(1.0)
                continue
            self._told_signed_out = False
            self._set_online(True)
            batch: list[Event] = changes.events
            if batch:
                self.last_id = batch[-1].id
                if changes.tickets is not None:
                    self.tickets.emit(changes.tickets)
                self.events.emit(batch)

    def _set_online(self, online: bool) -> None:
        if online != self._was_online:
            self._was_online = online
            self.online.emit(online)

    def stop(self) -> None:
        self._stop.set()
        self.wait()


class StreamFollower(QObject):
    """The server's event stream as an asyncio task on the Qt loop (qasync), for a backend that
    offers `event_batches` (the REST client): no thread, the WebSocket's keepalive is a timer of
    that loop, and stopping cancels the task, which closes the socket. Same signals and resume
    rule as FeedFollower. Also:

    Signals:
        stale(bool): the server says its own feed lags (its database is away) / no longer.
        failed(object): never: the connection label says the server is away.
    """

    events = Signal(list)
    tickets = Signal(list)
    stale = Signal(bool)
    online = Signal(bool)
    signed_out = Signal()
    failed = Signal(object)

    def __init__(
        self, stream: EventStream, after_id: int, supervisor: Supervisor | None = None
    ) -> None:
        super().__init__()
        self._stream = stream
        self._supervisor = supervisor or Supervisor()
        self.last_id = after_id
        self._was_online: bool | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_event_loop().create_task(
            self._supervisor.run_async(LIVE_UPDATES, self._follow)
        )

    async def _follow(self) -> None:
        told_signed_out = False
        batches = self._stream.event_batches
        while True:
            try:
                async for batch in batches(self.last_id):
                    told_signed_out = False
                    self._set_online(True)
                    if batch.stale is not None:
                        self.stale.emit(batch.stale)
                    if batch.events:
                        self.last_id = batch.events[-1].id
                        if batch.tickets is not None:
                            self.tickets.emit(batch.tickets)
                        self.events.emit(batch.events)
            except NotSignedIn:  # waiting will not help: someone must sign in again
                self._set_online(False)
                if not told_signed_out:
                    told_signed_out = True
                    self.signed_out.emit()
            except (ServerUnreachable, ServerError, DomainError) as exc:  # the server is away or
                # says no: say so, try again shortly (anything else is the supervisor's)
                log.info("event stream: %s; reconnecting", exc)
                self._set_online(False)
            except Exception:  # the supervisor logs it and starts again; meanwhile: offline
                self._set_online(False)
                raise
            await asyncio.sleep(RETRY_S)

    def _set_online(self, online: bool) -> None:
        if online != self._was_online:
            self._was_online = online
            self.online.emit(online)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


def follower_for(
    backend: Backend, stream: EventStream | None, supervisor: Supervisor
) -> FeedFollower | StreamFollower:
    """A task on the Qt loop for a server's stream; a thread for a database's feed (its waits
    are blocking driver calls)."""
    if stream is not None:
        return StreamFollower(stream, 0, supervisor)
    return FeedFollower(backend, 0, supervisor)
