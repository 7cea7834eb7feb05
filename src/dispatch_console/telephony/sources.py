"""Connections to a PBX that turn its traffic into CallEvents, for as long as they are asked to.

Each source connects, logs in, reads, and on any failure reconnects with a growing pause (1 s,
2 s, 4 s ... at most 30 s). A refused login is reported and retried slowly: an administrator may
be fixing the password. Blocking sockets on a thread of the caller's choosing; `stop` ends the
loop within half a second."""

from __future__ import annotations

import queue
import re
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from ..domain.call_events import CallEvent
from .ami import BANNER, LIST_CHANNELS, AmiFramer, AmiTranslator, login_action, originate_action
from .esl import (
    EVENTS,
    EXPLAINED,
    LIST_CALLS,
    EslFramer,
    EslTranslator,
    auth_command,
    live_calls,
    originate_command,
    skip_unexplained,
    subscribe_command,
)

OnEvent = Callable[[CallEvent], None]
OnStatus = Callable[[str], None]
READ_TIMEOUT_S = 0.5
# AMI OriginateResponse reasons (Asterisk's AST_CONTROL codes), in words
ORIGINATE_REASONS = {
    "0": "the agent's phone could not be reached",
    "1": "hung up",
    "3": "nobody answered",
    "5": "busy",
    "8": "the line is congested",
}
MAX_BACKOFF_S = 30.0
DIALABLE = re.compile(r"\+?[0-9*#]{1,32}")


class LoginRefused(Exception):
    pass


class DialError(Exception):
    """Click-to-dial could not be handed to the PBX (not connected, no extension)."""


@dataclass
class PbxSource:
    host: str
    port: int
    username: str
    secret: str
    connect_timeout_s: float = 5.0
    max_backoff_s: float = MAX_BACKOFF_S
    dial_context: str = "from-internal"  # AMI: the dialplan context outbound calls start in

    def __post_init__(self) -> None:
        self._outbox: queue.Queue[bytes] = queue.Queue()
        self.connected = False
        self.logged_in_once = False  # this session logged in: the next retry starts fast

    def dial(self, extension: str, number: str) -> str:
        """Ring the agent's phone, then the customer; the call id to follow it by. Called from
        any thread: the command goes out on the connection's own thread within half a second."""
        if not self.connected:
            raise DialError("not connected to the PBX")
        if not extension:
            raise DialError("no extension is set for this agent")
        # both go into a command line: anything but dialable characters could inject commands
        if not DIALABLE.fullmatch(number):
            raise DialError(f"{number!r} is not a number the PBX can dial")
        if not DIALABLE.fullmatch(extension):
            raise DialError(f"{extension!r} is not an extension")
        call_id = str(uuid.uuid4())
        self._outbox.put(self._originate(extension, number, call_id))
        return call_id

    def _originate(self, extension: str, number: str, action_id: str) -> bytes:
        raise NotImplementedError

    def run(self, on_event: OnEvent, stop: threading.Event, on_status: OnStatus = print) -> None:
        backoff = 1.0
        while not stop.is_set():
            try:
                with socket.create_connection(
                    (self.host, self.port), timeout=self.connect_timeout_s
                ) as sock:
                    sock.settimeout(READ_TIMEOUT_S)
                    self.logged_in_once = False
                    self._session(sock, on_event, stop, on_status)
                    if self.logged_in_once:
                        backoff = 1.0  # a PBX that drops us before the login gets no storm
                    if not stop.is_set():
                        on_status("disconnected by the PBX; reconnecting")
            except LoginRefused as exc:
                on_status(f"login refused: {exc}; check the user and secret")
                backoff = self.max_backoff_s
            except OSError as exc:
                on_status(f"cannot reach {self.host}:{self.port}: {exc}; retrying in {backoff:g} s")
            if stop.wait(backoff):
                return
            backoff = min(backoff * 2, self.max_backoff_s)

    def _session(
        self, sock: socket.socket, on_event: OnEvent, stop: threading.Event, on_status: OnStatus
    ) -> None:
        raise NotImplementedError

    def _chunks(self, sock: socket.socket, stop: threading.Event) -> Any:
        try:
            while not stop.is_set():
                while not self._outbox.empty():
                    sock.sendall(self._outbox.get_nowait())
                try:
                    data = sock.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    return
                yield data
        finally:
            self.connected = False


@dataclass
class AmiSource(PbxSource):
    # one translator for the source's lifetime: calls under way survive a reconnect
    _ami: AmiTranslator = field(default_factory=AmiTranslator)

    def _originate(self, extension: str, number: str, action_id: str) -> bytes:
        return originate_action(extension, number, self.dial_context, action_id)

    def _session(
        self, sock: socket.socket, on_event: OnEvent, stop: threading.Event, on_status: OnStatus
    ) -> None:
        framer, translator = AmiFramer(), self._ami
        sock.sendall(login_action(self.username, self.secret))
        logged_in = False
        live: set[str] = set()
        for data in self._chunks(sock, stop):
            for message in framer.feed(data):
                if not logged_in:
                    if framer.banner is not None and not framer.banner.startswith(BANNER.decode()):
                        raise LoginRefused(f"not Asterisk AMI: {framer.banner!r}")
                    if message.get("Response") and message.get("ActionID") == "login":
                        if message["Response"].lower() != "success":
                            raise LoginRefused(message.get("Message", "refused"))
                        logged_in = True
                        self.connected = self.logged_in_once = True
                        on_status(f"connected to {framer.banner} as {self.username}")
                        if translator.calls:  # they may have ended while we were away
                            sock.sendall(LIST_CHANNELS)
                    continue
                name = message.get("Event")
                if name == "CoreShowChannel":
                    live.add(message.get("Linkedid") or message.get("Uniqueid") or "")
                elif name == "CoreShowChannelsComplete":
                    for gone in translator.forget_all_but(live):
                        on_event(gone)
                elif (
                    name == "OriginateResponse" and message.get("Response", "").lower() == "failure"
                ):
                    reason = ORIGINATE_REASONS.get(message.get("Reason", ""), "it failed")
                    on_status(f"click-to-dial failed: {reason}")
                    if message.get("ActionID"):
                        on_event(_dial_failed(message["ActionID"], reason))
                else:
                    event = translator.translate(message)
                    if event is not None:
                        on_event(event)


@dataclass
class EslSource(PbxSource):
    _esl: EslTranslator = field(default_factory=EslTranslator)
    event_format: str = "plain"  # or "json": FreeSWITCH sends the same events either way

    def _originate(self, extension: str, number: str, action_id: str) -> bytes:
        # the job and the agent's leg come back under this id: the call stays one record
        self._esl.expect_dial(action_id, extension, number)
        return originate_command(extension, number, action_id)

    def _session(
        self, sock: socket.socket, on_event: OnEvent, stop: threading.Event, on_status: OnStatus
    ) -> None:
        framer, translator = EslFramer(), self._esl
        state = "greeting"
        for data in self._chunks(sock, stop):
            for message in framer.feed(data):
                kind = message.content_type
                if state == "greeting" and kind == "auth/request":
                    sock.sendall(auth_command(self.secret))
                    state = "auth"
                elif state == "auth" and kind == "command/reply":
                    reply = message.headers.get("Reply-Text", "")
                    if not reply.startswith("+OK"):
                        raise LoginRefused(reply or "refused")
                    sock.sendall(subscribe_command(self.event_format))
                    state = "subscribe"
                elif state == "subscribe" and kind == "command/reply":
                    state = "events"
                    self.connected = self.logged_in_once = True
                    on_status(f"connected to FreeSWITCH at {self.host}:{self.port}")
                    if translator.calls:  # they may have ended while we were away
                        sock.sendall(LIST_CALLS)
                elif state == "events" and kind == "api/response":
                    live = live_calls(message.body)
                    if live is not None:
                        for gone in translator.forget_all_but(live):
                            on_event(gone)
                elif kind == "text/rude-rejection":
                    raise LoginRefused("FreeSWITCH does not accept connections from this address")
                elif kind == "text/disconnect-notice":
                    return
                elif state == "events" and kind in EVENTS:
                    headers = message.event()
                    if headers is None:
                        skip_unexplained(message)
                        continue
                    for event in translator.events(headers):
                        if headers.get("Event-Name") == "BACKGROUND_JOB":
                            on_status(f"click-to-dial failed: {event.cause}")
                        on_event(event)
                elif kind not in EXPLAINED:  # replies to commands need nothing from us
                    skip_unexplained(message)


def _dial_failed(call_id: str, reason: str) -> CallEvent:
    """Ends the click-to-dial call the console recorded, so the log says it failed and why."""
    return CallEvent("ended", call_id, datetime.now(UTC), "outbound", cause=reason)


def source_for(url: str) -> PbxSource:
    """`ami://user:secret@host:5038` or `esl://:password@host:8021`."""
    parts = urlsplit(url)
    user, secret = unquote(parts.username or ""), unquote(parts.password or "")
    if parts.scheme == "ami":
        return AmiSource(parts.hostname or "", parts.port or 5038, user, secret)
    if parts.scheme == "esl":
        return EslSource(parts.hostname or "", parts.port or 8021, user, secret)
    shown = f"{parts.scheme}://{parts.hostname or ''}"  # never echo the secret
    raise ValueError(f"{shown}: use ami://user:secret@host:5038 or esl://:password@host:8021")


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
    """The loopback CTI webhook as a source: listens until stopped."""

    port: int
    token: str

    def run(self, on_event: OnEvent, stop: threading.Event, on_status: OnStatus = print) -> None:
        from .webhook import CtiListener

        try:
            listener = CtiListener(self.port, self.token, on_event)
        except (OSError, ValueError) as exc:
            on_status(f"cannot listen for the CTI webhook on port {self.port}: {exc}")
            return
        listener.start()
        on_status(f"listening for CTI webhook calls on http://127.0.0.1:{listener.port}/cti")
        stop.wait()
        listener.stop()
