"""FreeSWITCH event socket (inbound): framing, plain events, and their translation.

A message is a header block ended by an empty line (LF); `Content-Length` announces a body of
that many bytes. Events come as `text/event-plain`: the body is another header block whose
values are URL-encoded. A call's legs share `Channel-Call-UUID`: the caller's leg is created
inbound; the leg that rings an agent is created outbound toward their extension."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from ..domain.call_events import CallEvent

log = logging.getLogger(__name__)

MAX_FRAME = 256 * 1024
WANTED = {"CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE", "BACKGROUND_JOB"}
CAUSES = {
    "NORMAL_CLEARING": "normal",
    "USER_BUSY": "busy",
    "NO_ANSWER": "no answer",
    "NO_USER_RESPONSE": "no answer",
    "ORIGINATOR_CANCEL": "caller hung up",
    "CALL_REJECTED": "rejected",
}


@dataclass
class EslMessage:
    headers: dict[str, str]
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def event(self) -> dict[str, str] | None:
        """The event's own headers (URL-decoded) for `text/event-plain`, else None."""
        if self.content_type != "text/event-plain":
            return None
        head = self.body.split(b"\n\n", 1)[0]
        return _headers(head, decode=True)


@dataclass
class EslFramer:
    buffer: bytes = b""
    skipped: int = 0
    _pending: dict[str, str] | None = None  # headers waiting for their body

    def feed(self, data: bytes) -> Iterator[EslMessage]:
        self.buffer += data
        while True:
            if self._pending is None:
                end = self.buffer.find(b"\n\n")
                if end < 0:
                    if len(self.buffer) > MAX_FRAME:
                        self.skipped += 1
                        log.warning("ESL: dropped %d bytes without a frame end", len(self.buffer))
                        self.buffer = b""
                    return
                head, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
                headers = _headers(head, decode=False)
                if not headers:
                    self.skipped += 1
                    continue
                self._pending = headers
            length_text = self._pending.get("Content-Length", "0")
            try:
                length = int(length_text)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_FRAME:
                self.skipped += 1
                self._pending = None
                continue
            if len(self.buffer) < length:
                return
            body, self.buffer = self.buffer[:length], self.buffer[length:]
            message = EslMessage(self._pending, body)
            self._pending = None
            yield message


def _headers(block: bytes, *, decode: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").split("\n"):
        key, sep, value = line.partition(": ")
        if sep and key:
            out.setdefault(key.strip(), unquote(value.strip()) if decode else value.strip())
    return out


@dataclass
class EslTranslator:
    calls: dict[str, dict[str, str]] = field(default_factory=dict)

    def translate(self, e: dict[str, str], at: datetime | None = None) -> CallEvent | None:
        at = at or datetime.now(UTC)
        name = e.get("Event-Name")
        call = e.get("Channel-Call-UUID") or e.get("Unique-ID")
        if name not in WANTED or not call:
            return None
        first_leg = e.get("Unique-ID") == call
        if name == "CHANNEL_CREATE":
            if first_leg:
                self.calls[call] = {
                    "from": e.get("Caller-Caller-ID-Number", ""),
                    "to": e.get("Caller-Destination-Number", ""),
                    "direction": e.get("Call-Direction", "inbound"),
                }
                return None  # rings nobody yet: the dialplan decides where it goes
            state = self.calls.get(call)
            if state is None:
                return None
            extension = e.get("variable_dialed_user") or e.get("Caller-Destination-Number", "")
            state["extension"] = extension
            return CallEvent("offered", call, at, "inbound", state["from"], state["to"], extension)
        state = self.calls.get(call)
        if state is None:
            return None
        if name == "CHANNEL_ANSWER" and not first_leg and not state.get("answered"):
            state["answered"] = "1"
            return CallEvent(
                "answered", call, at, "inbound", state["from"], state["to"], state.get("extension")
            )
        if name == "CHANNEL_HANGUP_COMPLETE" and first_leg:
            self.calls.pop(call, None)
            raw = e.get("Hangup-Cause", "")
            return CallEvent(
                "ended", call, at, "inbound", state["from"], state["to"], state.get("extension"),
                CAUSES.get(raw, raw.lower().replace("_", " ") or None),
            )  # fmt: skip
        return None


def auth_command(password: str) -> bytes:
    return f"auth {password}\n\n".encode()


SUBSCRIBE = b"event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE BACKGROUND_JOB\n\n"


def originate_command(extension: str, number: str, job: str) -> bytes:
    """Ring the agent's phone, then bridge to the customer (click-to-dial)."""
    return f"bgapi originate user/{extension} {number} XML default\nJob-UUID: {job}\n\n".encode()
