"""A client process of bench/live_updates.py: many headless consoles on one asyncio loop.

Direct consoles each have their own SqlStore and Services (their own pool and LISTEN
connection), and follow the feed with wait_for_changes (or wait_for_events) on a thread
each, as FeedFollower does.
Consoles through the server each have a RestBackend and follow the WebSocket stream as an
asyncio task, as StreamFollower does. Blocking backend calls run on a shared thread pool; how
long a call waited for a thread, and how late the loop's own timers ran, are reported so that
a client-side bottleneck shows."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from websockets.asyncio.client import connect

from _live_consoles import DEPTHS, Change, Console, make_console
from _live_probe import with_app
from dispatch_console.domain.events import Event
from dispatch_console.domain.tickets import TicketRow
from dispatch_console.ports import Actor
from dispatch_console.rest.stream import MAX_MESSAGE, PING_EVERY_S
from dispatch_console.rest.wire import API, from_json

CLIENT_THREADS = 64
DIRECT_STARTS_AT_ONCE = 8
SETTLE_S = 20.0  # after the writers stop, how long consoles may take to catch up


def _backend(spec: dict[str, Any], n: int) -> Any:
    if spec["mode"] == "direct":
        from dispatch_console.services import Services
        from dispatch_console.storage.limits import CONSOLE_POOL
        from dispatch_console.storage.store import SqlStore

        # the console's own limits (ui: app/startup.py): 1 call connection kept, idle-closed
        store = SqlStore(with_app(spec["url"], f"bench_live_c{n}"), pool=CONSOLE_POOL)
        backend = Services(store.unit_of_work, store.feed, Actor(f"agent{n}", "agent"))
        backend.store_engine = store.engine  # type: ignore[attr-defined]  # for the start-up
        return backend
    from dispatch_console.rest.client import RestBackend

    return RestBackend(spec["base"], spec["tokens"][n], Actor(f"agent{n}", "agent"))


async def _follow_direct(console: Console, feed: ThreadPoolExecutor, attached: bool) -> None:
    """As FeedFollower: `attached` (new), the rows come with the events (wait_for_changes, read
    on the feed's LISTEN connection); otherwise the events alone (old; new_fetch: the console
    then asks ticket_rows through its pool)."""
    loop = asyncio.get_running_loop()
    while True:
        if attached:
            changes = await loop.run_in_executor(
                feed, console.backend.wait_for_changes, console.last_event, 1.0
            )
            batch, rows = changes.events, changes.tickets
        else:
            batch = await loop.run_in_executor(
                feed, console.backend.wait_for_events, console.last_event, 1.0
            )
            rows = None
        if batch:
            console.last_event = batch[-1].id
            console.on_events(batch, rows)  # type: ignore[attr-defined]


_decoded: dict[str, tuple[list[Event], list[TicketRow] | None]] = {}


def _decode(message: str) -> tuple[list[Event], list[TicketRow] | None]:
    """A stream message as (events, attached rows or None). Every console of this process gets
    the same text for a live batch: it is decoded once here, as each console's own machine would
    decode it once, so that 100 consoles on one core do not measure this process's CPU."""
    hit = _decoded.get(message)
    if hit is not None:
        return hit
    body = json.loads(message)
    if isinstance(body, dict):  # a live batch with its rows (&rows=true)
        out = (from_json(list[Event], body.get("events", [])),
               from_json(list[TicketRow], body.get("tickets", [])))  # fmt: skip
    else:
        out = (from_json(list[Event], body), None)
    if len(_decoded) > 200:
        _decoded.clear()
    _decoded[message] = out
    return out


async def _stream(
    backend: Any, after_id: int, rows: bool
) -> AsyncIterator[tuple[list[Event], list[TicketRow] | None]]:
    """The server's event stream as RestBackend.event_batches opens it (rows: `&rows=true`, as
    since e7d67a5) or as a console before that did (events only: the server reads no rows)."""
    url = backend.base_url.replace("http", "ws", 1) + API + f"/events?after={after_id}"
    headers = {"Authorization": f"Bearer {backend.token}"}
    async with connect(url + ("&rows=true" if rows else ""), additional_headers=headers,
                       max_size=MAX_MESSAGE, ping_interval=PING_EVERY_S) as socket:  # fmt: skip
        async for message in socket:
            yield _decode(message if isinstance(message, str) else message.decode())


async def _follow_stream(console: Console, attached: bool) -> None:
    while True:  # as StreamFollower: reconnect from the last id seen
        try:
            async for events, tickets in _stream(console.backend, console.last_event, attached):
                if events:
                    console.last_event = events[-1].id
                    console.on_events(events, tickets)  # type: ignore[attr-defined]
        except Exception as exc:  # counted, then the console reconnects
            console.reconnects += 1
            console.last_error = repr(exc)
        await asyncio.sleep(1.0)


async def _lag(samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.1)
        samples.append(time.perf_counter() - t0 - 0.1)


async def _run(spec: dict[str, Any], inbox: Connection, outbox: Connection) -> None:
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(CLIENT_THREADS)
    feed = ThreadPoolExecutor(max(len(spec["consoles"]), 1))
    consoles = [
        make_console(spec["way"], _backend(spec, n), DEPTHS[n % len(DEPTHS)], pool)
        for n in spec["consoles"]
    ]
    if spec["mode"] == "direct":
        # agents sign in over minutes, not all in one second: a few start-up searches at once,
        # and each console's start-up connection closed once it has started, as its pool does
        # 10 s later (storage/idle.py); so the run counts what consoles hold while they follow
        # the desk, not 50 start-ups squeezed into the same 10 s
        from dispatch_console.storage.idle import sweep

        starting = asyncio.Semaphore(DIRECT_STARTS_AT_ONCE)

        async def start(c: Console) -> None:
            async with starting:
                await c.start(spec["after"])  # type: ignore[attr-defined]
                engine = c.backend.store_engine
                sweep(engine.pool, 0.0, now=time.monotonic() + 3600)

        await asyncio.gather(*(start(c) for c in consoles))
    else:
        await asyncio.gather(*(c.start(spec["after"]) for c in consoles))  # type: ignore[attr-defined]
    tasks = [
        loop.create_task(
            _follow_direct(c, feed, spec["way"] == "new")
            if spec["mode"] == "direct"
            else _follow_stream(c, spec["way"] == "new")
        )
        for c in consoles
    ]
    lag: list[float] = []
    done = asyncio.Event()
    tasks.append(loop.create_task(_lag(lag, done)))
    stopped: asyncio.Future[int] = loop.create_future()

    def receive(message: tuple[str, Any]) -> None:
        if message[0] == "change":
            change = Change(*message[1])
            for c in consoles:
                c.learn(change)
        elif not stopped.done():
            stopped.set_result(message[1])

    def reader() -> None:
        while True:
            try:
                message = inbox.recv()
            except EOFError:
                return
            loop.call_soon_threadsafe(receive, message)
            if message[0] == "stop":
                return

    threading.Thread(target=reader, daemon=True).start()
    cpu0 = os.times()
    outbox.send(("ready", len(consoles)))
    final_event = await stopped
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline and not all(c.idle(final_event) for c in consoles):
        await asyncio.sleep(0.1)
    settled = all(c.idle(final_event) for c in consoles)
    cpu1 = os.times()
    done.set()
    end = time.time()
    # the final check searches once per console; directly, a few at a time (as at the start):
    # 50 consoles searching in the same instant is the harness, not a desk
    checking = asyncio.Semaphore(DIRECT_STARTS_AT_ONCE if spec["mode"] == "direct" else 10**6)

    async def verdict(c: Console) -> bool | str:
        async with checking:
            found = await c.verdict()
            engine = getattr(c.backend, "store_engine", None)
            if engine is not None:  # as its pool does 5 s later (see the start-up above)
                from dispatch_console.storage.idle import sweep

                sweep(engine.pool, 0.0, now=time.monotonic() + 3600)
            return found

    equal = await asyncio.gather(*(verdict(c) for c in consoles))
    queued = [q for c in consoles for q in c.queued_s]
    outbox.send(("result", {
        "consoles": [c.report(end) for c in consoles],
        "equal": [e is True for e in equal],
        "unequal": [e for e in equal if e is not True][:5],
        "settled": settled,
        "reconnects": sum(c.reconnects for c in consoles),
        "last_error": next((c.last_error for c in consoles if c.last_error), None),
        "cpu_s": (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system),
        "loop_lag_p95_ms": round(statistics.quantiles(lag, n=20)[-1] * 1000, 1) if len(lag) > 2
        else None,
        "thread_wait_p95_ms": round(statistics.quantiles(queued, n=20)[-1] * 1000, 1)
        if len(queued) > 2 else None,
    }))  # fmt: skip


def client_main(spec: dict[str, Any], inbox: Connection, outbox: Connection) -> None:
    """Entry point of a client process (multiprocessing, spawn)."""
    if spec.get("nice"):
        os.nice(spec["nice"])
    try:
        asyncio.run(_run(spec, inbox, outbox))
    except Exception as exc:  # the parent reports it; never a silent half-run
        import traceback

        where = traceback.extract_tb(exc.__traceback__)
        frames = " <- ".join(
            f"{f.filename.rsplit('/', 1)[-1]}:{f.name}:{f.lineno}" for f in reversed(where[:10])
        )
        outbox.send(("error", f"{exc!r} at {frames}"))
    os._exit(0)  # follower threads are still blocked in their waits
