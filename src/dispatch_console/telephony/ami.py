"""Asterisk Manager Interface: framing, the events that matter, and their translation.

Messages are `Key: Value` lines ended by an empty line (CRLF; a bare LF is tolerated). A real PBX
sends hundreds of events per call; only a handful matter here, so the event name is looked at
first and everything else is dropped without building a dict. Frames that are malformed or too
large are skipped and counted; the connection carries on."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.call_events import CallEvent, Direction
from .legs import calls_gone, is_extension

log = logging.getLogger(__name__)

BANNER = b"Asterisk Call Manager/"
MAX_FRAME = 64 * 1024  # a frame larger than this is garbage, not an event
WANTED = {
    "DialBegin", "DialEnd", "AgentCalled", "BridgeEnter", "Hangup", "OriginateResponse",
    "CoreShowChannel", "CoreShowChannelsComplete",
}  # fmt: skip
# Q.850 causes a PBX reports when a call ends, in words agents read
CAUSES = {"16": "normal", "17": "busy", "18": "no answer", "19": "no answer", "21": "rejected"}


@dataclass
class AmiFramer:
    """Bytes in, messages (dicts of the first value per key) out; survives any split."""

    buffer: bytes = b""
    skipped: int = 0
    banner: str | None = None

    def feed(self, data: bytes) -> Iterator[dict[str, str]]:
        self.buffer += data
        if self.banner is None:
            end = self.buffer.find(b"\n")
            if end < 0:
                return
            line, self.buffer = self.buffer[:end], self.buffer[end + 1 :]
            self.banner = line.rstrip(b"\r").decode("utf-8", "replace")
        while True:
            end, sep = _frame_end(self.buffer)
            if end < 0:
                if len(self.buffer) > MAX_FRAME:  # no end in sight: drop it, resync later
                    self.skipped += 1
                    log.warning("AMI: dropped %d bytes without a frame end", len(self.buffer))
                    self.buffer = b""
                return
            frame, self.buffer = self.buffer[:end], self.buffer[end + sep :]
            if len(frame) > MAX_FRAME:
                self.skipped += 1
                continue
            message = _parse(frame)
            if message is None:
                self.skipped += 1
                continue
            yield message


def _frame_end(buffer: bytes) -> tuple[int, int]:
    crlf = buffer.find(b"\r\n\r\n")
    lf = buffer.find(b"\n\n")
    if crlf >= 0 and (lf < 0 or crlf <= lf):
        return crlf, 4
    return lf, 2


def _parse(frame: bytes) -> dict[str, str] | None:
    text = frame.decode("utf-8", "replace")
    lines = text.replace("\r\n", "\n").split("\n")
    first = lines[0]
    if first.startswith("Event: ") and first[7:].strip() not in WANTED:
        return {"Event": first[7:].strip()}  # chatter: named, nothing else parsed
    message: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if not sep or not key or " " in key.strip():
            continue
        message.setdefault(key.strip(), value.strip())
    return message or None


@dataclass
class AmiTranslator:
    """AMI events -> CallEvents. Asterisk 12+ semantics: legs share a Linkedid (not always a
    number: `asterisk-1740666060.311` with a system name), DialBegin/AgentCalled ring an agent's
    device, BridgeEnter connects them, Hangup of the first leg ends the call."""

    calls: dict[str, dict[str, str]] = field(default_factory=dict)
    # a click-to-dial call is known by the ActionID the console recorded it under; the PBX's
    # channel id is mapped to it once the Originate succeeds
    aliases: dict[str, str] = field(default_factory=dict)

    def translate(self, m: dict[str, str], at: datetime | None = None) -> CallEvent | None:
        at = at or datetime.now(UTC)
        name = m.get("Event")
        if name == "OriginateResponse":
            if m.get("Response", "").lower() == "success" and m.get("ActionID"):
                for key in ("Uniqueid", "Linkedid"):
                    if m.get(key):
                        self.aliases[m[key]] = m["ActionID"]
            return None
        linked = m.get("Linkedid") or m.get("DestLinkedid") or m.get("Uniqueid")
        if not name or not linked:
            return None
        linked = self.aliases.get(linked, linked)
        if name in ("DialBegin", "AgentCalled"):
            known_call = self.calls.get(linked)
            if known_call is None and _is_desk_phone(m.get("Channel", "")):
                # an agent's own phone dials out: an outbound call, from their extension
                agent = _extension(m.get("Channel", ""))
                callee = m.get("DestExten") or m.get("Exten") or ""
                self.calls[linked] = {
                    "from": agent, "to": callee, "extension": agent, "direction": "outbound"
                }  # fmt: skip
                return CallEvent("offered", linked, at, "outbound", agent, callee, agent)
            if known_call is not None and known_call.get("direction") == "outbound":
                return None  # the trunk leg of the same outbound call
            device = m.get("DestChannel") or m.get("Interface") or ""
            extension = _extension(device)
            caller = m.get("CallerIDNum") or ""
            callee = m.get("DestExten") or m.get("Exten") or extension or ""
            ringing = self.calls.setdefault(linked, {"from": caller, "to": callee})
            if extension:
                ringing["extension"] = extension
            return CallEvent(
                "offered", linked, at, "inbound", ringing["from"], ringing["to"], extension or None
            )
        known = self.calls.get(linked)
        if known is None:
            return None  # a leg of a call we never saw offered (internal, or before we came)
        state = known
        if name == "DialEnd":
            # a queue or ring group rang several phones: the one whose dial was answered took it
            answered_by = _extension(m.get("DestChannel", ""))
            if m.get("DialStatus") == "ANSWER" and answered_by:
                state["taker"] = answered_by
            return None
        if name == "BridgeEnter":
            if state.get("answered"):
                return None
            state["answered"] = "1"
            taker = state.get("taker") or state.get("extension")
            if taker:
                state["extension"] = taker
            direction: Direction = "outbound" if state.get("direction") == "outbound" else "inbound"
            return CallEvent("answered", linked, at, direction, state["from"], state["to"], taker)
        if name == "Hangup" and m.get("Uniqueid") == m.get("Linkedid"):  # the first leg
            self.calls.pop(linked, None)
            cause = m.get("Cause-txt") or CAUSES.get(m.get("Cause", ""), m.get("Cause"))
            ended: Direction = "outbound" if state.get("direction") == "outbound" else "inbound"
            return CallEvent(
                "ended", linked, at, ended, state["from"], state["to"], state.get("extension"),
                cause,
            )  # fmt: skip
        return None

    def forget_all_but(self, linkedids: set[str], at: datetime | None = None) -> list[CallEvent]:
        """After a reconnect: the calls we were following that are not among the PBX's live
        channels (CoreShowChannels) ended while we were away."""
        live = {self.aliases.get(x, x) for x in linkedids}
        gone = calls_gone(self.calls, live, at)
        for call in gone:  # their aliases die with them
            for alias in [a for a, cid in self.aliases.items() if cid == call.call_id]:
                del self.aliases[alias]
        return gone


def _is_desk_phone(channel: str) -> bool:
    """`PJSIP/1001-00000002` is a phone on our PBX (short digits); trunks are named
    (`PJSIP/carrier-0000001a`)."""
    return is_extension(_extension(channel))


def _extension(device: str) -> str:
    """`PJSIP/1001-00000002` -> `1001`; `Local/8001@agents-0000;1` -> `8001`."""
    tech_and_rest = device.split("/", 1)
    if len(tech_and_rest) != 2:
        return ""
    rest = tech_and_rest[1]
    for stop in ("-", "@", ";"):
        rest = rest.split(stop, 1)[0]
    return rest


def login_action(username: str, secret: str, action_id: str = "login") -> bytes:
    return (
        f"Action: Login\r\nActionID: {action_id}\r\nUsername: {username}\r\n"
        f"Secret: {secret}\r\nEvents: call,agent\r\n\r\n"
    ).encode()


LIST_CHANNELS = b"Action: CoreShowChannels\r\nActionID: resync\r\n\r\n"


def originate_action(
    extension: str, number: str, context: str, action_id: str, technology: str = "PJSIP"
) -> bytes:
    """Ring the agent's phone first, then dial the customer (click-to-dial)."""
    return (
        f"Action: Originate\r\nActionID: {action_id}\r\nChannel: {technology}/{extension}\r\n"
        f"Context: {context}\r\nExten: {number}\r\nPriority: 1\r\n"
        f"CallerID: {number}\r\nTimeout: 30000\r\nAsync: true\r\n\r\n"
    ).encode()
