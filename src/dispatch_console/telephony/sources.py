"""Connections to a PBX that turn its traffic into CallEvents, for as long as they are asked to.

Each source is an asyncio task (`serve`): on the console it runs on the Qt event loop through
qasync, elsewhere on a loop of its own (`run`, for the admin tool, the server and the tests). It
connects, logs in, reads, and notices a dead connection: when the PBX has said nothing for
`ping_every_s` it is asked for an answer (AMI `Ping`, ESL `api uptime`), and a PBX that stays
silent for `answer_within_s` after that is dropped and dialled again, as is one that closes the
connection. Reconnects wait 1 s, 2 s, 4 s ... at most 30 s, each with jitter, so the consoles of a
whole desk do not all reconnect in the same instant after a PBX restart. A refused login is
reported and retried slowly: an administrator may be fixing the password. Calls under way are
checked against the PBX's live channels after a reconnect (sessions.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import re
import threading
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from ..domain.call_events import CallEvent
from .ami import AmiTranslator, originate_action
from .cti import MatchAgents
from .esl import EslTranslator, originate_command
from .sessions import AmiSession, EslSession, LoginRefused, OnEvent, OnStatus, Session
from .status import PbxState, Status
from .webhook import CtiListener

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0
PING_EVERY_S = 20.0  # below the idle timeouts of common NAT boxes and firewalls (30-60 s)
ANSWER_WITHIN_S = 10.0
DIALABLE = re.compile(r"\+?[0-9*#]{1,32}")
STOP_POLL_S = 0.1  # how often the blocking `run` looks at its stop flag

__all__ = ["AmiSource", "DialError", "EslSource", "LoginRefused", "PbxSource", "WebhookSource"]


class DialError(Exception):
    """Click-to-dial could not be handed to the PBX (not connected, no extension)."""


class PbxSilent(Exception):
    """The connection is open but the PBX stopped answering."""


def jittered(pause: float) -> float:
    """Between half and all of `pause` ("equal jitter"): spread, but never a storm of zeros."""
    return pause / 2 + random.uniform(0, pause / 2)


@dataclass
class PbxSource:
    host: str
    port: int
    username: str
    secret: str
    connect_timeout_s: float = 5.0
    max_backoff_s: float = MAX_BACKOFF_S
    dial_context: str = "from-internal"  # AMI: the dialplan context outbound calls start in
    ping_every_s: float = PING_EVERY_S
    answer_within_s: float = ANSWER_WITHIN_S

    def __post_init__(self) -> None:
        # how a dial reaches the live connection from any thread; None while not logged in
        self._send_soon: Callable[[bytes], None] | None = None
        self.recorder: BinaryIO | None = None  # every byte the PBX sends, for `replay`

    @property
    def connected(self) -> bool:
        return self._send_soon is not None

    def dial(self, extension: str, number: str) -> str:
        """Ring the agent's phone, then the customer; the call id to follow it by. Safe from any
        thread: the command goes out on the connection's own loop."""
        send = self._send_soon
        if send is None:
            raise DialError("not connected to the PBX")
        if not extension:
            raise DialError("no extension is set for this agent")
        # both go into a command line: anything but dialable characters could inject commands
        if not DIALABLE.fullmatch(number):
            raise DialError(f"{number!r} is not a number the PBX can dial")
        if not DIALABLE.fullmatch(extension):
            raise DialError(f"{extension!r} is not an extension")
        call_id = str(uuid.uuid4())
        send(self._originate(extension, number, call_id))
        return call_id

    def _originate(self, extension: str, number: str, action_id: str) -> bytes:
        raise NotImplementedError

    def new_session(self, on_event: OnEvent, on_status: OnStatus) -> Session:
        raise NotImplementedError

    def run(self, on_event: OnEvent, stop: threading.Event, on_status: OnStatus = print) -> None:
        """`serve` on a loop of its own until `stop` is set (for threads and the admin tool)."""
        run_until(self.serve(on_event, on_status), stop)

    async def serve(self, on_event: OnEvent, on_status: OnStatus) -> None:
        """Connect and follow the PBX until cancelled."""
        backoff = 1.0
        where = f"{self.host}:{self.port}"
        while True:
            logged_in = False
            try:
                logged_in = await self._connection(on_event, on_status)
                if logged_in:
                    backoff = 1.0  # a PBX that drops us before the login gets no storm
                on_status(Status(PbxState.DISCONNECTED, "disconnected by the PBX; reconnecting"))
            except LoginRefused as exc:
                on_status(
                    Status(
                        PbxState.REFUSED,
                        f"login refused: {exc}; check the user and secret",
                        str(exc),
                    )
                )
                backoff = self.max_backoff_s
            except PbxSilent as exc:
                on_status(
                    Status(
                        PbxState.SILENT, f"no answer from the PBX: {exc}; reconnecting", str(exc)
                    )
                )
            except (OSError, TimeoutError) as exc:
                reason = str(exc) or "no answer"
                on_status(Status(PbxState.UNREACHABLE,
                                 f"cannot reach {where}: {reason}; retrying in {backoff:g} s",
                                 reason))  # fmt: skip
            log.info("PBX %s: next attempt in about %.1f s", where, backoff)
            await asyncio.sleep(jittered(backoff))
            backoff = min(backoff * 2, self.max_backoff_s)

    async def _connection(self, on_event: OnEvent, on_status: OnStatus) -> bool:
        """One TCP connection, until it ends; whether it got as far as a login."""
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), self.connect_timeout_s
        )
        loop = asyncio.get_running_loop()
        session = self.new_session(on_event, on_status)
        try:
            session.start()
            heard_at, asked_at = loop.time(), None
            while not session.closed:
                writer.write(session.take_outgoing())
                await writer.drain()
                if session.logged_in and self._send_soon is None:
                    self._send_soon = _sender(loop, writer)
                # before the login the PBX must answer at once; after it, it may be quiet
                if not session.logged_in:
                    deadline = heard_at + self.answer_within_s
                elif asked_at is None:
                    deadline = heard_at + self.ping_every_s
                else:
                    deadline = asked_at + self.answer_within_s
                try:
                    data = await asyncio.wait_for(reader.read(65536), deadline - loop.time())
                except TimeoutError:
                    if asked_at is not None or not session.logged_in:
                        raise PbxSilent(f"nothing for {loop.time() - heard_at:.0f} s") from None
                    session.ping()
                    asked_at = loop.time()
                    continue
                if not data:
                    break
                heard_at, asked_at = loop.time(), None
                if self.recorder is not None:
                    self.recorder.write(data)
                    self.recorder.flush()
                session.feed(data)
            return session.logged_in
        finally:
            self._send_soon = None
            writer.close()
            with contextlib.suppress(OSError, TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(writer.wait_closed(), 1.0)


def _sender(
    loop: asyncio.AbstractEventLoop, writer: asyncio.StreamWriter
) -> Callable[[bytes], None]:
    def send(data: bytes) -> None:  # any thread
        loop.call_soon_threadsafe(writer.write, data)

    return send


@dataclass
class AmiSource(PbxSource):
    # one translator for the source's lifetime: calls under way survive a reconnect
    _ami: AmiTranslator = field(default_factory=AmiTranslator)

    def _originate(self, extension: str, number: str, action_id: str) -> bytes:
        return originate_action(extension, number, self.dial_context, action_id)

    def new_session(self, on_event: OnEvent, on_status: OnStatus) -> AmiSession:
        return AmiSession(on_event, on_status, translator=self._ami, username=self.username,
                          secret=self.secret)  # fmt: skip


@dataclass
class EslSource(PbxSource):
    _esl: EslTranslator = field(default_factory=EslTranslator)
    event_format: str = "plain"  # or "json": FreeSWITCH sends the same events either way

    def _originate(self, extension: str, number: str, action_id: str) -> bytes:
        # the job and the agent's leg come back under this id: the call stays one record
        self._esl.expect_dial(action_id, extension, number)
        return originate_command(extension, number, action_id)

    def new_session(self, on_event: OnEvent, on_status: OnStatus) -> EslSession:
        return EslSession(
            on_event, on_status, translator=self._esl, password=self.secret,
            where=f"{self.host}:{self.port}", event_format=self.event_format,
        )  # fmt: skip


PBX_SECRET_ENV = "DISPATCH_PBX_SECRET"


def source_for(url: str, secret: str | None = None) -> PbxSource:
    """`ami://user@host:5038` or `esl://@host:8021`, with `secret` (see `pbx_secret`); a secret
    in the URL itself still works, but every process list shows it."""
    parts = urlsplit(url)
    user = unquote(parts.username or "")
    secret = secret if secret is not None else unquote(parts.password or "")
    if parts.scheme == "ami":
        return AmiSource(parts.hostname or "", parts.port or 5038, user, secret)
    if parts.scheme == "esl":
        return EslSource(parts.hostname or "", parts.port or 8021, user, secret)
    shown = f"{parts.scheme}://{parts.hostname or ''}"  # never echo the secret
    raise ValueError(f"{shown}: use ami://user@host:5038 or esl://@host:8021")


def pbx_secret(url: str, secret_file: str | None) -> str | None:
    """The PBX secret from `secret_file`, else ${DISPATCH_PBX_SECRET}, else None (the URL's own,
    which is logged as a warning: a command line is no place for a password)."""
    if secret_file:
        try:
            with open(secret_file, encoding="utf-8") as f:
                return f.read().strip()
        except OSError as exc:
            raise ValueError(f"cannot read the PBX secret from {secret_file}: {exc}") from exc
    if os.environ.get(PBX_SECRET_ENV):
        return os.environ[PBX_SECRET_ENV]
    if urlsplit(url).password:
        log.warning(
            "the PBX secret is in the command line, where process lists show it; "
            "put it in $%s or a file (--pbx-secret-file)", PBX_SECRET_ENV,
        )  # fmt: skip
    return None


def source_for_settings(
    kind: str, host: str, port: int, username: str, secret: str
) -> PbxSource | WebhookSource:
    """The source the settings describe (kind "ami", "esl" or "webhook")."""
    if kind == "webhook":
        return WebhookSource(port, secret)
    if kind == "ami":
        return AmiSource(host, port, username, secret)
    if kind == "esl":
        return EslSource(host, port, username, secret)
    raise ValueError(f"no PBX connection for telephony kind {kind!r}")


@dataclass
class WebhookSource:
    """The loopback CTI webhook as a source: listens until cancelled. Its HTTP server has a
    thread of its own; the calls it hears are handed to the loop `serve` runs on."""

    port: int
    token: str
    # names and e-mails in `user[]`/`answeringNumber` -> users' extensions (the backend's
    # match_call_agents); without it only extension-shaped values are kept
    match: MatchAgents | None = None

    async def serve(self, on_event: OnEvent, on_status: OnStatus) -> None:
        loop = asyncio.get_running_loop()
        try:

            def hand_over(event: CallEvent) -> None:  # from the listener's thread
                loop.call_soon_threadsafe(on_event, event)

            listener = CtiListener(self.port, self.token, hand_over, match=self.match)
        except (OSError, ValueError) as exc:
            on_status(Status(PbxState.CANNOT_LISTEN,
                             f"cannot listen for the CTI webhook on port {self.port}: {exc}",
                             str(exc)))  # fmt: skip
            return
        listener.start()
        on_status(Status(PbxState.LISTENING,
                         f"listening for CTI webhook calls on http://127.0.0.1:{listener.port}/cti",
                         str(listener.port)))  # fmt: skip
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            listener.stop()

    def run(self, on_event: OnEvent, stop: threading.Event, on_status: OnStatus = print) -> None:
        run_until(self.serve(on_event, on_status), stop)


def run_until(work: Coroutine[Any, Any, None], stop: threading.Event) -> None:
    """Run `work` on a loop of its own until it ends or `stop` is set (then it is cancelled)."""

    async def until_stopped() -> None:
        task = asyncio.ensure_future(work)
        while not stop.is_set() and not task.done():
            await asyncio.sleep(STOP_POLL_S)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(until_stopped())
