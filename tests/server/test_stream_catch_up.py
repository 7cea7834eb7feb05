"""A console that connects to the event stream just as the database goes away keeps its socket:
the catch-up read is tried again (and a console that reads rows is told its updates lag) instead
of the socket being dropped without a close frame (seen in CI: the catch-up's read raced with
PostgreSQL ending the server's connections)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exc as sa_exc

from dispatch_console.domain.events import Event
from dispatch_console.server import events as stream_module
from dispatch_console.server.events import Delivery


class Socket:
    """What _stream uses of Starlette's WebSocket: sends are kept; the client stays."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.closed: int | None = None
        self._leave = asyncio.Event()

    async def send_json(self, data: Any) -> None:
        self.sent.append(data)

    async def send_text(self, data: str) -> None:
        self.sent.append(data)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self.closed = code

    async def receive(self) -> dict[str, str]:
        await self._leave.wait()
        return {"type": "websocket.disconnect"}

    def leave(self) -> None:
        self._leave.set()


class Hub:
    stale = True

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Delivery] = asyncio.Queue()

    async def ready(self) -> None:
        pass

    def subscribe(self, *, rows: bool = False) -> asyncio.Queue[Delivery]:
        return self.queue

    def unsubscribe(self, queue: asyncio.Queue[Delivery]) -> None:
        pass


class AwayThenBack:
    """The database refuses the first two reads, then has nothing new."""

    def __init__(self) -> None:
        self.reads = 0

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]:
        self.reads += 1
        if self.reads <= 2:
            raise sa_exc.OperationalError("SELECT", {}, Exception("terminating connection"))
        return []


def test_a_failed_catch_up_is_read_again_and_the_socket_kept(monkeypatch: Any) -> None:
    monkeypatch.setattr(stream_module, "CATCH_UP_RETRY_S", 0.01)

    async def run() -> tuple[Socket, AwayThenBack]:
        socket, services, hub = Socket(), AwayThenBack(), Hub()
        task = asyncio.ensure_future(stream_module._stream(
            socket, services, hub, 0, lambda: None, rows=True,  # type: ignore[arg-type]
        ))  # fmt: skip
        for _ in range(200):
            if services.reads >= 3:
                break
            await asyncio.sleep(0.01)
        socket.leave()
        await asyncio.wait_for(task, 5)
        return socket, services

    socket, services = asyncio.run(run())
    assert services.reads >= 3  # read again after each refusal, until the database answered
    assert socket.sent[0] == {"events": [], "stale": True}  # told once that updates lag
    assert socket.sent.count({"events": [], "stale": True}) == 1
    assert socket.closed is None  # kept, not dropped


def _event(id: int) -> Event:
    return Event(id, datetime(2026, 12, 8, tzinfo=UTC), "ann", "ticket", str(id), "updated", {})


def _delivery(after: int, ids: list[int]) -> Delivery:
    batch = [_event(i) for i in ids]
    plain = json.dumps(stream_module._encode(batch))
    tickets = '[{"row": "of the batch"}]'
    return Delivery(batch, after, plain, tickets, stream_module._with_rows(plain, tickets))


class Backlog:
    """The database: the events a catch-up reads, counted."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.reads = 0

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]:
        self.reads += 1
        return [e for e in self.events if e.id > after_id][:limit]


def _streamed(
    after: int, database: Backlog, deliveries: list[Delivery], messages: int
) -> list[Any]:
    """What one console asking for rows is sent, connecting with `after`, once it has sent
    `messages` (and whatever the delivery it was handling then adds: the socket's close is
    seen only at its next one)."""

    async def run() -> list[Any]:
        socket, hub = Socket(), Hub()
        task = asyncio.ensure_future(stream_module._stream(
            socket, database, hub, after, lambda: None, rows=True,  # type: ignore[arg-type]
        ))  # fmt: skip
        for delivery in deliveries:
            hub.queue.put_nowait(delivery)
        for _ in range(5000):  # a condition, not a delay: at most 5 s
            if len(socket.sent) >= messages:
                break
            await asyncio.sleep(0.001)
        socket.leave()
        await asyncio.wait_for(task, 5)
        return [json.loads(s) if isinstance(s, str) else s for s in socket.sent]

    return asyncio.run(run())


def test_a_hole_in_the_ids_still_brings_the_rows_and_reads_nothing() -> None:
    # event 11 was rolled back: the hub's next batch after 10 starts at 12
    database = Backlog([_event(10)])
    sent = _streamed(9, database, [_delivery(10, [12, 13])], 2)
    assert sent[0] == [stream_module._encode([_event(10)])[0]]  # the catch-up
    assert sent[1]["tickets"] == [{"row": "of the batch"}]
    assert [e["id"] for e in sent[1]["events"]] == [12, 13]
    assert database.reads == 2  # the catch-up and its empty end, nothing for the hole


def test_a_batch_the_catch_up_already_read_in_part_sends_the_rest_with_its_rows() -> None:
    # the console connected between the commit of 5 and the hub's batch 4..6
    database = Backlog([_event(4), _event(5)])
    sent = _streamed(3, database, [_delivery(3, [4, 5, 6])], 2)
    assert [e["id"] for e in sent[0]] == [4, 5]
    assert [e["id"] for e in sent[1]["events"]] == [6]  # nothing twice
    assert sent[1]["tickets"] == [{"row": "of the batch"}]


def test_a_socket_that_missed_a_batch_reads_what_it_missed() -> None:
    database = Backlog([_event(4), _event(5), _event(6)])
    # it is at 3 and caught up; the batch 4..5 never reached its queue (full); then 6 arrives
    sent = _streamed_from(3, database, [_delivery(5, [6])], 1)
    assert [e["id"] for e in sent[0]] == [4, 5, 6]
    assert len(sent) == 1  # 6 came with the read, not again


def _streamed_from(
    after: int, database: Backlog, deliveries: list[Delivery], messages: int
) -> list[Any]:
    """As _streamed, with the catch-up finding nothing at first (the events land later)."""
    events, database.events = database.events, []
    reads: list[int] = []
    original = database.events_after

    def later(after_id: int, limit: int = 500) -> list[Event]:
        reads.append(after_id)
        if len(reads) > 1:
            database.events = events
        return original(after_id, limit)

    database.events_after = later  # type: ignore[method-assign]
    return _streamed(after, database, deliveries, messages)
