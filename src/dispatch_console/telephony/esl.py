"""FreeSWITCH event socket (inbound): framing, plain and json events, and the commands we send.

A message is a header block ended by an empty line (LF); `Content-Length` announces a body of
that many bytes. Events come as `text/event-plain` (the body is another header block whose values
are URL-encoded, then for some events a blank line and a body of their own, e.g. a BACKGROUND_JOB's
`+OK <uuid>`) or as `text/event-json` (one JSON object, values not encoded, the own body under
`_body`). The console subscribes to either; both become the same dict of headers. How those
events become calls is in esl_calls.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from .esl_calls import CAUSES, EslTranslator, cause_in_words

__all__ = ["CAUSES", "EslFramer", "EslMessage", "EslTranslator", "cause_in_words"]

log = logging.getLogger(__name__)

MAX_FRAME = 256 * 1024
# what a capture has shown us; anything else is logged (raw, truncated) and skipped
EXPLAINED = {
    "auth/request", "command/reply", "api/response", "text/event-plain", "text/event-json",
    "text/disconnect-notice", "text/rude-rejection",
}  # fmt: skip
EVENTS = {"text/event-plain", "text/event-json"}
SHOWN = 500


@dataclass
class EslMessage:
    headers: dict[str, str]
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def event(self) -> dict[str, str] | None:
        """The event's headers (plain: URL-decoded; json: as sent), its own body under `_body`;
        None when this is not an event or not one we can read."""
        if self.content_type == "text/event-plain":
            head, sep, rest = self.body.partition(b"\n\n")
            headers = _headers(head, decode=True)
            if sep and rest:
                headers["_body"] = rest.decode("utf-8", "replace")
            return headers if headers.get("Event-Name") else None
        if self.content_type == "text/event-json":
            try:
                data = json.loads(self.body.decode("utf-8", "replace"))
            except ValueError:
                return None
            if not isinstance(data, dict) or not data.get("Event-Name"):
                return None
            return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
        return None

    def raw(self) -> str:
        head = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
        return (head + "\n" + self.body.decode("utf-8", "replace"))[:SHOWN]


def skip_unexplained(message: EslMessage) -> None:
    """A frame no capture explains: say what it was, drop it, and keep the connection."""
    log.warning("ESL: skipped a frame we do not understand: %r", message.raw())


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


def auth_command(password: str) -> bytes:
    return f"auth {password}\n\n".encode()


SUBSCRIBED = "CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_BRIDGE CHANNEL_HANGUP_COMPLETE BACKGROUND_JOB"


def subscribe_command(event_format: str = "plain") -> bytes:
    """`event plain ...` or `event json ...`: the same events either way."""
    if event_format not in ("plain", "json"):
        raise ValueError(f"ESL events come as plain or json, not {event_format!r}")
    return f"event {event_format} {SUBSCRIBED}\n\n".encode()


SUBSCRIBE = subscribe_command("plain")


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
