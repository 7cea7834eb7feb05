"""One server process for many companies: each request goes to its tenant's company, found by
the host name it was sent to (docs/saas.md).

Every company is served by the single-company routes, built once for all (server/company.py),
on the company's own database: its tokens, QR codes, status links, webhooks and event stream
live in that database, so a credential of tenant A sent to B's host is looked up in B's
database, is not found there, and is refused as any unknown token is.

Companies are opened on their first request and closed after `idle_s` without one (never while
a request or a WebSocket is under way). At most `max_open` are open at once, which bounds the
PostgreSQL connections of the process: each open company holds at most TENANT_CONNECTIONS.
`rounds` does every active company's background work, open or not (server/rounds.py)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ipaddress
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.requests import Request

from ..storage.tenants import Catalogue, Tenant, normalise_host
from ..versions import VERSION
from .company import CURRENT, Company
from .rounds import TenantRounds
from .web.pages import Pages, WebConfig

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REFRESH_S = 5.0  # a suspension or a new tenant reaches every process within this
REAP_EVERY_S = 15.0
SLOT_WAIT_S = 10.0  # how long a request waits for a closing company's slot before a 503
RETRY_AFTER_S = 5


@dataclass
class OpenTenant:
    tenant: Tenant
    company: Company | None = None
    inflight: int = 0
    last_used: float = field(default_factory=time.monotonic)
    ready: asyncio.Future[None] = field(init=False)

    @property
    def is_ready(self) -> bool:
        return self.ready.done() and self.ready.exception() is None


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# a tenant's company (server/company.py), not started, or a Refusal
Opener = Callable[[Tenant], "Company | Refusal"]


class TenantRouter:
    """The ASGI app of a hosted server. `opener(tenant)` makes a tenant's company (blocking: run
    in a thread); `app` serves every company's requests, for the one in CURRENT; `trusted` are
    the proxies whose X-Forwarded-Host is believed."""

    def __init__(
        self,
        catalogue: Catalogue,
        opener: Opener,
        app: ASGIApp,
        *,
        trusted: str = "127.0.0.1",
        max_open: int = 16,
        idle_s: float = 300.0,
        rounds: TenantRounds | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._opener = opener
        self._app = app
        self._trusted = _addresses(trusted)
        self.max_open = max_open
        self.idle_s = idle_s
        self._hosts: dict[str, Tenant] = {}
        self._read_at = -REFRESH_S
        self._open: dict[str, OpenTenant] = {}
        self._closing = 0  # apps closing: their connections still count
        self._waiting = 0  # requests waiting for a slot
        self._slots = asyncio.Condition()
        self._tasks: set[asyncio.Task[None]] = set()
        # a company being closed: the opener may hand back the same objects, not before then
        self._closing_of: dict[str, asyncio.Task[None]] = {}
        self._reaper: asyncio.Task[None] | None = None
        self.rounds = rounds  # every company's background work (server/rounds.py)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] == "http" and scope["path"] == "/healthz":
            await self._health(send)  # the process's, for load balancers: whatever the host
            return
        try:
            tenant = await self._tenant_of(scope)
            entry = await self._entry(tenant)
        except Refusal as no:
            await _refuse(scope, receive, send, no)
            return
        assert entry.company is not None  # _entry waited for it
        entry.inflight += 1
        bound = CURRENT.set(entry.company)
        try:
            await self._app(scope, receive, send)
        finally:
            CURRENT.reset(bound)
            entry.inflight -= 1
            entry.last_used = time.monotonic()
            if entry.inflight == 0 and self._waiting:  # it may now make way for another
                async with self._slots:
                    self._slots.notify_all()

    # --- which tenant ---------------------------------------------------------------------
    def host_of(self, scope: Scope) -> str:
        """The Host header, or X-Forwarded-Host when the peer is a trusted proxy."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        peer = (scope.get("client") or ("", 0))[0]
        forwarded = headers.get("x-forwarded-host", "")
        if forwarded and self._is_trusted(peer):
            return normalise_host(forwarded.split(",")[0])
        return normalise_host(headers.get("host", ""))

    async def _tenant_of(self, scope: Scope) -> Tenant:
        host = self.host_of(scope)
        if time.monotonic() - self._read_at > REFRESH_S:
            await self._refresh()
        tenant = self._hosts.get(host)
        if tenant is None:
            raise Refusal(
                404, "unknown_tenant",
                f"no company is served at {host[:100] or '(no host name)'}: check the address you "
                "were given (e.g. https://yourcompany.dispatch.example)",
            )  # fmt: skip
        if not tenant.active:
            raise Refusal(
                403, "tenant_suspended",
                f"this company's service is suspended: {tenant.reason or 'ask your provider'}",
            )  # fmt: skip
        return tenant

    async def _refresh(self) -> None:
        try:
            hosts = await asyncio.to_thread(self._catalogue.by_host)
        except Exception as exc:  # the catalogue is away: keep serving from the last map read
            log.warning("tenant catalogue unreadable: %s", type(exc).__name__)
            if not self._hosts:
                raise Refusal(503, "unavailable", "the service is starting or its catalogue "
                              "does not answer; try again shortly") from None  # fmt: skip
            return
        self._hosts = hosts
        self._read_at = time.monotonic()
        current = {t.id: t for t in hosts.values()}
        async with self._slots:
            for tenant_id, entry in list(self._open.items()):
                now = current.get(tenant_id)
                moved = now is None or now.database_url != entry.tenant.database_url
                gone = moved or not now.active  # type: ignore[union-attr]
                if gone and entry.inflight == 0 and entry.is_ready:
                    self._begin_close(tenant_id)

    def _is_trusted(self, peer: str) -> bool:
        if "*" in self._trusted:
            return True
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in net for net in self._trusted if not isinstance(net, str))

    # --- open apps ------------------------------------------------------------------------
    async def _entry(self, tenant: Tenant) -> OpenTenant:
        """The tenant's open app, opening it if need be. Opening and closing happen outside
        the lock (each takes a second or so): requests for open tenants never wait for them.
        A slot is counted from the moment it is claimed until its app is closed, so the open
        and the closing together stay within max_open, and so do their connections."""
        deadline = time.monotonic() + SLOT_WAIT_S
        async with self._slots:
            while True:
                entry = self._open.get(tenant.id)
                if entry is not None:
                    break
                if len(self._open) + self._closing < self.max_open:
                    entry = OpenTenant(tenant)
                    entry.ready = asyncio.get_running_loop().create_future()
                    self._open[tenant.id] = entry
                    self._tasks.add(task := asyncio.create_task(self._start(entry)))
                    task.add_done_callback(self._tasks.discard)
                    break
                idle = [e for e in self._open.values() if e.inflight == 0 and e.is_ready]
                if idle:
                    self._begin_close(min(idle, key=lambda e: e.last_used).tenant.id)
                self._waiting += 1
                try:  # until an app falls idle or a closing one frees its slot
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    await asyncio.wait_for(self._slots.wait(), left)
                except TimeoutError:
                    raise Refusal(503, "busy", "the server is at its limit of companies "
                                  "served at once; try again shortly") from None  # fmt: skip
                finally:
                    self._waiting -= 1
            entry.last_used = time.monotonic()
            entry.inflight += 1  # held while it opens: not chosen for closing meanwhile
        try:
            await asyncio.shield(entry.ready)
        finally:
            entry.inflight -= 1
        return entry

    async def _start(self, entry: OpenTenant) -> None:
        tenant = entry.tenant
        try:
            closing = self._closing_of.get(tenant.id)
            if closing is not None:
                await asyncio.shield(closing)
            opened = await asyncio.to_thread(self._opener, tenant)
            if isinstance(opened, Refusal):
                raise opened
            await opened.start()
            entry.company = opened
        except Exception as exc:  # every request waiting for it must hear of it
            async with self._slots:
                if self._open.get(tenant.id) is entry:
                    del self._open[tenant.id]
                self._slots.notify_all()
            if not isinstance(exc, Refusal):
                log.exception("tenant %s: opening its app failed", tenant.id)
                exc = Refusal(503, "unavailable", "this company's service could not be "
                              "started; try again shortly")  # fmt: skip
            entry.ready.set_exception(exc)
            entry.ready.exception()  # retrieved: no "never retrieved" warning without waiters
            return
        entry.ready.set_result(None)
        log.info("tenant %s opened (%d open)", tenant.id, len(self._open))

    def _begin_close(self, tenant_id: str) -> None:
        """Under the lock: the app leaves the open ones at once; its slot is freed when it has
        closed (its connections with it)."""
        entry = self._open.pop(tenant_id, None)
        if entry is None:
            return
        self._closing += 1

        async def close() -> None:
            await _stop(entry)
            async with self._slots:
                self._closing -= 1
                self._slots.notify_all()
            log.info("tenant %s closed (%d open)", tenant_id, len(self._open))

        self._tasks.add(task := asyncio.create_task(close()))
        task.add_done_callback(self._tasks.discard)
        self._closing_of[tenant_id] = task
        task.add_done_callback(lambda done: self._forget_closing(tenant_id, done))

    def _forget_closing(self, tenant_id: str, task: asyncio.Task[None]) -> None:
        if self._closing_of.get(tenant_id) is task:
            del self._closing_of[tenant_id]

    async def _close(self, tenant_id: str) -> None:
        """Closes one now (shutdown, a suspended or moved tenant); under the lock."""
        entry = self._open.pop(tenant_id, None)
        if entry is None:
            return
        await _stop(entry)
        log.info("tenant %s closed (%d open)", tenant_id, len(self._open))

    def tenant(self, tenant_id: str) -> Tenant | None:
        """The tenant as the catalogue was last read."""
        return next((t for t in self._hosts.values() if t.id == tenant_id), None)

    def open_count(self) -> int:
        return len(self._open)

    async def _health(self, send: Send) -> None:
        body = json.dumps({
            "status": "ok", "pid": os.getpid(), "tenants_open": len(self._open),
            "tenants_most": self.max_open, "version": VERSION,
            "rounds": asdict(self.rounds.last) if self.rounds is not None else None,
        }).encode()  # fmt: skip
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})

    async def _reap(self) -> None:
        while True:
            await asyncio.sleep(min(REAP_EVERY_S, self.idle_s))
            cutoff = time.monotonic() - self.idle_s
            async with self._slots:
                for tenant_id, entry in list(self._open.items()):
                    if entry.inflight == 0 and entry.is_ready and entry.last_used < cutoff:
                        self._begin_close(tenant_id)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._reaper = asyncio.create_task(self._reap())
                if self.rounds is not None:
                    self.rounds.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.rounds is not None:
                    self.rounds.stop()
                if self._reaper is not None:
                    self._reaper.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await self._reaper
                for tenant_id, entry in list(self._open.items()):
                    if not entry.ready.done():  # still opening: let it finish, then close it
                        with contextlib.suppress(Exception):
                            await asyncio.shield(entry.ready)
                    await self._close(tenant_id)
                if self._tasks:
                    await asyncio.gather(*self._tasks, return_exceptions=True)
                await asyncio.to_thread(self._catalogue.close)
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _stop(entry: OpenTenant) -> None:
    if entry.company is None:
        return
    try:
        await entry.company.stop()
    except Exception:  # a close that fails must not keep others from closing
        log.exception("tenant %s: closing it failed", entry.tenant.id)


def _addresses(spec: str) -> list[Any]:
    out: list[Any] = []
    for part in (p.strip() for p in spec.split(",")):
        if part == "*":
            out.append("*")
        elif part:
            try:
                out.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                log.warning("--forwarded-allow-ips: %r is not an address; ignored", part)
    return out


# what a customer's phone shows on the web pages (/r/, /s/, /u/, /t): a page in their language,
# never the company's internal reason for a suspension
PAGE_WORDS = {
    "unknown_tenant": ("Unknown address", "No service desk answers at this address. Please "
                       "check the address on the label or in the message you received."),
    "tenant_suspended": ("Service paused", "This service desk is not taking reports online "
                         "for now. Please call them."),
}  # fmt: skip
BUSY_WORDS = ("Service busy", "The service is busy. Please try again in a minute.")


@functools.cache
def _pages() -> Pages:
    return Pages(WebConfig())


async def _refuse(scope: Scope, receive: Receive, send: Send, no: Refusal) -> None:
    if scope["type"] == "websocket":
        # closed before it is accepted: the client sees the handshake refused
        await send({"type": "websocket.close", "code": 4000 + no.status, "reason": no.code})
        return
    if not str(scope.get("path", "")).startswith("/api/"):
        title, text = PAGE_WORDS.get(no.code, BUSY_WORDS)
        page = _pages().message(Request(scope), no.status, title, text)
        if no.status == 503:
            page.headers["Retry-After"] = str(RETRY_AFTER_S)
        await page(scope, receive, send)
        return
    body = json.dumps({"code": no.code, "message": no.message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if no.status == 503:
        headers.append((b"retry-after", str(RETRY_AFTER_S).encode()))
    await send({"type": "http.response.start", "status": no.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
