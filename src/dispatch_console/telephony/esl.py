"""FreeSWITCH event socket (inbound): framing, plain events, and their translation.

A message is a header block ended by an empty line (LF); `Content-Length` announces a body of
that many bytes. Events come as `text/event-plain`: the body is another header block whose
values are URL-encoded. A call's legs share `Channel-Call-UUID`: the caller's leg is created
inbound; the leg that rings an agent is created outbound toward their extension."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from ..domain.call_events import CallEvent
from .legs import calls_gone, is_extension, leg_event

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
    """Plain events -> CallEvents. The first leg of a call decides its direction: a leg coming
    in from outside is an inbound call that the dialplan will ring at an agent; a leg coming in
    from a desk phone (a short extension) is that agent dialling out; a leg that we originated
    toward an agent's phone (click-to-dial, marked `dispatch_to`) is outbound too, and carries
    the call id the console chose as its UUID."""

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
                first = self.calls[call] = _first_leg(e)
                if first["direction"] == "outbound":  # the agent is placing it: no offer
                    return leg_event("offered", call, at, first)
                return None  # rings nobody yet: the dialplan decides where it goes
            ringing = self.calls.get(call)
            if ringing is None or ringing["direction"] == "outbound":
                return None  # the customer's leg of an outbound call
            ringing["extension"] = e.get("variable_dialed_user") or e.get(
                "Caller-Destination-Number", ""
            )
            return leg_event("offered", call, at, ringing)
        state = self.calls.get(call)
        if state is None:
            return None
        # the far leg answering connects the call: the agent's phone for an inbound call, the
        # customer's for an outbound one (the agent's own leg answers first on click-to-dial)
        if name == "CHANNEL_ANSWER" and not first_leg and not state.get("answered"):
            state["answered"] = "1"
            return leg_event("answered", call, at, state)
        if name == "CHANNEL_HANGUP_COMPLETE" and first_leg:
            self.calls.pop(call, None)
            raw = e.get("Hangup-Cause", "")
            cause = CAUSES.get(raw, raw.lower().replace("_", " "))
            return leg_event("ended", call, at, state, cause)
        return None

    def forget_all_but(self, live: set[str], at: datetime | None = None) -> list[CallEvent]:
        """After a reconnect: the calls we were following that the switch no longer has ended
        while we were away."""
        return calls_gone(self.calls, live, at)


def _first_leg(e: dict[str, str]) -> dict[str, str]:
    caller = e.get("Caller-Caller-ID-Number", "")
    dialled = e.get("Caller-Destination-Number", "")
    if e.get("variable_dispatch_to"):  # our click-to-dial: this leg rings the agent's phone
        agent = e.get("variable_dialed_user") or dialled
        return {"from": agent, "to": e["variable_dispatch_to"], "extension": agent,
                "direction": "outbound"}  # fmt: skip
    if e.get("Call-Direction", "inbound") == "inbound" and is_extension(caller):
        return {"from": caller, "to": dialled, "extension": caller, "direction": "outbound"}
    return {"from": caller, "to": dialled, "direction": "inbound"}


def auth_command(password: str) -> bytes:
    return f"auth {password}\n\n".encode()


SUBSCRIBE = b"event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE BACKGROUND_JOB\n\n"


def originate_command(extension: str, number: str, call_id: str) -> bytes:
    """Ring the agent's phone (showing the customer's number), then bridge to the customer
    (click-to-dial). The agent's leg takes the console's call id as its UUID, so every event of
    the call carries it; the background job reports under the same id."""
    variables = (
        f"origination_uuid={call_id},dispatch_to={number},origination_caller_id_number={number}"
    )
    return (
        f"bgapi originate {{{variables}}}user/{extension} {number} XML default\n"
        f"Job-UUID: {call_id}\n\n"
    ).encode()


LIST_CALLS = b"api show channels as json\n\n"


def live_calls(body: bytes) -> set[str] | None:
    """The call UUIDs in a `show channels as json` reply (None when it is not one)."""
    try:
        rows = json.loads(body.decode("utf-8", "replace")).get("rows") or []
    except (ValueError, AttributeError):
        return None
    live = {str(r.get(k)) for r in rows if isinstance(r, dict) for k in ("uuid", "call_uuid")}
    return live - {"", "None"}
