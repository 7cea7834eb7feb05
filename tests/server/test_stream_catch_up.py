"""A console that connects to the event stream just as the database goes away keeps its socket:
the catch-up read is tried again (and a console that reads rows is told its updates lag) instead
of the socket being dropped without a close frame (seen in CI: the catch-up's read raced with
PostgreSQL ending the server's connections)."""

from __future__ import annotations

import asyncio
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
