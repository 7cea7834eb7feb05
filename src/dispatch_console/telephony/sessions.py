"""One conversation with a PBX, without I/O: bytes in; call events, status and bytes to send out.

The live connection (sources.py) and the replay of a recorded session (replay.py) drive the same
session classes, so a recording replays exactly as the connection would have read it. A session
lives for one TCP connection; its translator lives as long as the source, so calls under way
survive a reconnect."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.call_events import CallEvent
from .ami import BANNER, LIST_CHANNELS, AmiFramer, AmiTranslator, login_action
from .esl import (
    EVENTS,
    EXPLAINED,
    LIST_CALLS,
    EslFramer,
    EslMessage,
    EslTranslator,
    auth_command,
    live_calls,
    skip_unexplained,
    subscribe_command,
)
from .status import PbxState, Status

log = logging.getLogger(__name__)

OnEvent = Callable[[CallEvent], None]
OnStatus = Callable[[Status], None]  # the English line is str(status)
# AMI OriginateResponse reasons (Asterisk's AST_CONTROL codes), in words
ORIGINATE_REASONS = {
    "0": "the agent's phone could not be reached",
    "1": "hung up",
    "3": "nobody answered",
    "5": "busy",
    "8": "the line is congested",
}
AMI_PING = b"Action: Ping\r\nActionID: keepalive\r\n\r\n"
# the cheapest command every FreeSWITCH answers; any reply proves the switch is there
ESL_PING = b"api uptime\n\n"


class LoginRefused(Exception):
    pass


@dataclass
class Session:
    on_event: OnEvent
    on_status: OnStatus
    outgoing: list[bytes] = field(default_factory=list)
    logged_in: bool = False
    closed: bool = False  # the PBX said goodbye (ESL disconnect notice)

    def start(self) -> None:
        """What to say as soon as the TCP connection is up."""

    def feed(self, data: bytes) -> None:
        raise NotImplementedError

    def ping(self) -> None:
        """Ask the PBX for any answer: silence after it means the connection is dead."""
        raise NotImplementedError

    def send(self, data: bytes) -> None:
        self.outgoing.append(data)

    @property
    def skipped(self) -> int:
        """Frames that could not be read (malformed, oversized), skipped without a word to the
        PBX; each is logged with its raw text."""
        return 0

    def take_outgoing(self) -> bytes:
        data, self.outgoing = b"".join(self.outgoing), []
        return data


@dataclass
class AmiSession(Session):
    translator: AmiTranslator = field(default_factory=AmiTranslator)
    username: str = ""
    secret: str = ""
    framer: AmiFramer = field(default_factory=AmiFramer)
    _live: set[str] = field(default_factory=set)
    _live_channels: set[str] = field(default_factory=set)

    def start(self) -> None:
        self.send(login_action(self.username, self.secret))

    @property
    def skipped(self) -> int:
        return self.framer.skipped

    def ping(self) -> None:
        self.send(AMI_PING)

    def feed(self, data: bytes) -> None:
        for message in self.framer.feed(data):
            if not self.logged_in:
                self._login_reply(message)
                continue
            self._message(message)

    def _login_reply(self, message: dict[str, str]) -> None:
        banner = self.framer.banner
        if banner is not None and not banner.startswith(BANNER.decode()):
            raise LoginRefused(f"not Asterisk AMI: {banner!r}")
        if not (message.get("Response") and message.get("ActionID") == "login"):
            return
        if message["Response"].lower() != "success":
            raise LoginRefused(message.get("Message", "refused"))
        self.logged_in = True
        self.on_status(
            Status(PbxState.CONNECTED, f"connected to {banner} as {self.username}", banner or "")
        )
        if self.translator.calls:  # they may have ended while we were away
            self._live, self._live_channels = set(), set()
            self.send(LIST_CHANNELS)

    def _message(self, message: dict[str, str]) -> None:
        name = message.get("Event")
        if name == "CoreShowChannel":
            self._live.add(message.get("Linkedid") or message.get("Uniqueid") or "")
            if message.get("Uniqueid"):
                self._live_channels.add(message["Uniqueid"])
        elif name == "CoreShowChannelsComplete":
            channels = self._live_channels or None  # a listing without Uniqueids prunes none
            for gone in self.translator.forget_all_but(self._live, None, channels):
                self.on_event(gone)
        elif name == "OriginateResponse" and message.get("Response", "").lower() == "failure":
            reason = ORIGINATE_REASONS.get(message.get("Reason", ""), "it failed")
            self.on_status(Status(PbxState.DIAL_FAILED, f"click-to-dial failed: {reason}", reason))
            if message.get("ActionID"):
                self.on_event(dial_failed(message["ActionID"], reason))
        else:
            for event in self.translator.translate_all(message):
                self.on_event(event)


@dataclass
class EslSession(Session):
    translator: EslTranslator = field(default_factory=EslTranslator)
    password: str = ""
    where: str = ""  # host:port, for the status line
    event_format: str = "plain"  # or "json": FreeSWITCH sends the same events either way
    framer: EslFramer = field(default_factory=EslFramer)
    state: str = "greeting"
    # `api` replies come back in the order the commands went out
    _api_pending: deque[str] = field(default_factory=deque)

    def ping(self) -> None:
        self._api(ESL_PING, "ping")

    @property
    def skipped(self) -> int:
        return self.framer.skipped

    def _api(self, command: bytes, what: str) -> None:
        self._api_pending.append(what)
        self.send(command)

    def feed(self, data: bytes) -> None:
        for message in self.framer.feed(data):
            kind = message.content_type
            if kind == "text/rude-rejection":
                raise LoginRefused("FreeSWITCH does not accept connections from this address")
            if kind == "text/disconnect-notice":
                self.closed = True
                return
            if self.state == "greeting" and kind == "auth/request":
                self.send(auth_command(self.password))
                self.state = "auth"
            elif self.state == "auth" and kind == "command/reply":
                reply = message.headers.get("Reply-Text", "")
                if not reply.startswith("+OK"):
                    raise LoginRefused(reply or "refused")
                self.send(subscribe_command(self.event_format))
                self.state = "subscribe"
            elif self.state == "subscribe" and kind == "command/reply":
                self.state = "events"
                self.logged_in = True
                self.on_status(
                    Status(PbxState.CONNECTED, f"connected to FreeSWITCH at {self.where}")
                )
                if self.translator.calls:  # they may have ended while we were away
                    self._api(LIST_CALLS, "channels")
            elif self.state == "events" and kind == "api/response":
                what = self._api_pending.popleft() if self._api_pending else ""
                live = live_calls(message.body) if what == "channels" else None
                if live is not None:
                    for gone in self.translator.forget_all_but(live):
                        self.on_event(gone)
            elif self.state == "events" and kind in EVENTS:
                self._event(message)
            elif kind not in EXPLAINED:  # replies to commands need nothing from us
                skip_unexplained(message)

    def _event(self, message: EslMessage) -> None:
        headers = message.event()
        if headers is None:
            skip_unexplained(message)
            return
        for event in self.translator.events(headers):
            if headers.get("Event-Name") == "BACKGROUND_JOB":  # only our own failed dials
                reason = event.cause or "it failed"
                self.on_status(
                    Status(PbxState.DIAL_FAILED, f"click-to-dial failed: {reason}", reason)
                )
            self.on_event(event)


def dial_failed(call_id: str, reason: str) -> CallEvent:
    """Ends the click-to-dial call the console recorded, so the log says it failed and why."""
    return CallEvent("ended", call_id, datetime.now(UTC), "outbound", cause=reason)
