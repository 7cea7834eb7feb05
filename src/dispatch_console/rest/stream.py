"""The server's event stream as an asyncio generator, for the console's Qt loop (qasync).

One WebSocket per console, opened from the last event id it saw: a reconnect resumes there, so
nothing is missed or doubled. websockets' own pings notice a connection a firewall dropped (no
pong within `PING_TIMEOUT_S`), and the caller reconnects."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from ..domain.events import Event
from ..domain.tickets import TicketRow
from ..ports import FeedBatch
from .errors import ServerError, ServerUnreachable
from .wire import API, from_json

PING_EVERY_S = 20.0
PING_TIMEOUT_S = 10.0
MAX_MESSAGE = 32 * 1024 * 1024


async def event_batches(
    base_url: str, token: str, after_id: int, closed_because: dict[int, type[Exception]]
) -> AsyncIterator[FeedBatch]:
    """Batches of events after `after_id`, oldest first, for as long as the stream stays open;
    the first, empty, as soon as it is open (the server answers: the console is online). Live
    batches carry their changed tickets' rows; catch-up ones do not (`tickets` is None).
    Ends by raising: ServerUnreachable (try again), ServerError (refused), or the domain error a
    close code stands for (`closed_because`, e.g. 4401 -> NotSignedIn)."""
    url = base_url.replace("http", "ws", 1) + API + f"/events?after={after_id}&rows=true"
    try:
        socket = await connect(
            url, additional_headers={"Authorization": f"Bearer {token}"}, open_timeout=10,
            max_size=MAX_MESSAGE, ping_interval=PING_EVERY_S, ping_timeout=PING_TIMEOUT_S,
        )  # fmt: skip
    except InvalidStatus as exc:
        raise ServerError(exc.response.status_code, "the event stream was refused") from exc
    except (OSError, TimeoutError, InvalidHandshake) as exc:
        raise ServerUnreachable(base_url, "no event stream") from exc
    try:
        yield FeedBatch([])
        while True:
            try:
                message = await socket.recv()
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd is not None else None
                if code in closed_because:  # the server said no, and why
                    raise closed_because[code](exc.rcvd.reason if exc.rcvd else "") from None
                raise ServerUnreachable(base_url, "the event stream closed") from exc
            yield _batch(json.loads(message))
    finally:
        await socket.close()


def _batch(body: object) -> FeedBatch:
    if isinstance(body, dict):  # a live batch with its rows, or the server's word on its feed
        stale = body.get("stale")
        return FeedBatch(
            from_json(list[Event], body.get("events", [])),
            from_json(list[TicketRow], body["tickets"]) if "tickets" in body else None,
            stale if isinstance(stale, bool) else None,
        )
    return FeedBatch(from_json(list[Event], body))
