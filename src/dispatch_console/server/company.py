"""What one company's server holds while it serves: its services, live-event hub, cache of
tokens, seats and once-only work. A single-company server has one; a hosted server
(`--tenants`) opens one per company on its first request and closes it when idle.

The routes are built once (FastAPI spends about half a second of CPU analysing ~450 endpoints'
signatures) and find the company a request is for through CURRENT, which the tenant router sets
before it hands the request on. Context variables follow a request into the thread pool and into
every task it starts, so a route never sees another request's company. The proxies below stand
in for the company's objects in the code that captures them when the routes are built."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..ports import Actor
from ..runtime.supervise import Supervisor
from ..services import Services
from .events import EventHub
from .once import RunOnce
from .seats import Seats
from .streams import StreamLimits
from .testing import TestHooks

TOKEN_CACHE_S = 5.0


class TokenCache:
    """Who a token stood for, for a few seconds: a burst of requests costs one lookup. Signing
    out forgets at once here; a revocation elsewhere takes effect within TOKEN_CACHE_S."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Actor, float]] = {}
        self._lock = threading.Lock()

    def get(self, raw: str) -> Actor | None:
        with self._lock:
            hit = self._known.get(raw)
        return hit[0] if hit is not None and hit[1] > time.monotonic() else None

    def put(self, raw: str, actor: Actor) -> Actor:
        with self._lock:
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[raw] = (actor, time.monotonic() + TOKEN_CACHE_S)
        return actor

    def forget(self, raw: str) -> None:
        with self._lock:
            self._known.pop(raw, None)

    def clear(self) -> None:
        with self._lock:
            self._known.clear()


@dataclass
class Company:
    services: Services
    hub: EventHub
    once: RunOnce | None = None
    on_close: Callable[[], None] | None = None
    seats: Seats | None = None
    test_hooks: TestHooks | None = None
    tokens: TokenCache = field(default_factory=TokenCache)
    limits: StreamLimits = field(default_factory=StreamLimits)
    test_actors: dict[str, Actor] = field(default_factory=dict)
    # the services acting for the fixed actors the routes name when they are built
    acting: dict[int, Services] = field(default_factory=dict)
    loops: Supervisor = field(default_factory=Supervisor)  # its long-lived threads
    lazy: bool = False  # live events followed only while a socket wants them (hosted)

    async def start(self) -> None:
        self.hub.start(asyncio.get_running_loop(), lazy=self.lazy)
        if self.once is not None:
            self.once.start()

    async def stop(self) -> None:
        # each waits for a thread (a second or two): in a thread of its own, so that a hosted
        # server closing one company keeps serving the others meanwhile
        if self.once is not None:
            await asyncio.to_thread(self.once.stop)
        await asyncio.to_thread(self.hub.stop)
        if self.on_close is not None:
            await asyncio.to_thread(self.on_close)


CURRENT: ContextVar[Company] = ContextVar("dispatch_company")


def current() -> Company:
    """The company of the request under way (LookupError outside one: a bug)."""
    return CURRENT.get()


class Forward:
    """Stands for the current request's company's `attribute` (its hub, its seats ...)."""

    def __init__(self, attribute: str) -> None:
        object.__setattr__(self, "_attribute", attribute)

    def _target(self) -> Any:
        return getattr(current(), self._attribute)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target(), name, value)


class ForwardServices(Forward):
    """The current company's services; `as_actor` called when the routes are built (a sign-in
    page's anonymous actor, the customers' pages) gives a proxy for that actor, made once per
    company."""

    def __init__(self, actor: Actor | None = None) -> None:
        super().__init__("services")
        object.__setattr__(self, "_actor", actor)

    def _target(self) -> Any:
        company = current()
        if self._actor is None:
            return company.services
        found = company.acting.get(id(self))
        if found is None:
            found = company.acting[id(self)] = company.services.as_actor(self._actor)
        return found

    def as_actor(self, actor: Actor) -> Any:
        company = CURRENT.get(None)
        if company is not None:  # a request under way: the real thing, at once
            return company.services.as_actor(actor)
        return ForwardServices(actor)
