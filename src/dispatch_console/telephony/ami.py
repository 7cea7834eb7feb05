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

from ..domain.call_events import CallEvent
from . import ami_originate as originate
from .ami_channels import TRUNK_CONTEXTS, ChannelSets, _device, _extension, _member_extension
from .ami_originate import DIALLED
from .legs import calls_gone, is_extension, leg_event

log = logging.getLogger(__name__)

BANNER = b"Asterisk Call Manager/"
MAX_FRAME = 64 * 1024  # a frame larger than this is garbage, not an event
WANTED = {
    "Newchannel", "DialBegin", "DialEnd", "AgentCalled", "AgentConnect", "BridgeEnter", "Hangup",
    "OriginateResponse", "CoreShowChannel", "CoreShowChannelsComplete", "BlindTransfer",
    "AttendedTransfer",
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
                log.warning("AMI: skipped a %d-byte frame: %.200r", len(frame), frame)
                continue
            for part in _unglue(frame):
                message = _parse(part)
                if message is None:
                    self.skipped += 1
                    log.warning("AMI: skipped a frame no capture explains: %.300r", part)
                    continue
                yield message


def _unglue(frame: bytes) -> list[bytes]:
    """Published captures show two messages with no blank line between them (`AppData: x`
    straight followed by `Event: DialEnd`, goami2's fixtures): each `Event:` line starts a
    message of its own, or the second one, often the one that matters, is lost. (`Response:`
    cannot be split on: OriginateResponse events carry one.)"""
    if b"\nEvent: " not in frame:
        return [frame]
    parts: list[bytes] = []
    start = 0
    for line_start in _line_starts(frame):
        if line_start and frame.startswith(b"Event: ", line_start):
            parts.append(frame[start:line_start].rstrip(b"\r\n"))
            start = line_start
    parts.append(frame[start:])
    return parts


def _line_starts(frame: bytes) -> Iterator[int]:
    yield 0
    at = frame.find(b"\n")
    while at >= 0:
        yield at + 1
        at = frame.find(b"\n", at + 1)


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
    """AMI events -> CallEvents, written from real captures (tests/conformance/ami).

    Legs of one call share a Linkedid (not always a number: `asterisk-1740666060.311` with a
    system name). The first leg (Uniqueid == Linkedid) says who started the call: a desk phone
    (`PJSIP/1986-00000019`, `SIP/9170-12-0000003c`) makes it outbound, a trunk
    (`PJSIP/carrier-0000001a`, `SIP/okon.ferry.sip.com-0000003d`, DAHDI) inbound. Its
    Newchannel `Exten` is the number dialled (the DID in a from-trunk context); later legs and
    macros only ever show `s`, `h` or IVR labels there. DialBegin/AgentCalled ring agents,
    DialEnd says how each ringing ended, BridgeEnter connects, the first leg's Hangup ends."""

    calls: dict[str, dict[str, str]] = field(default_factory=dict)
    # a click-to-dial call is known by the ActionID the console recorded it under; the PBX's
    # channel id is mapped to it once the Originate succeeds
    aliases: dict[str, str] = field(default_factory=dict)
    # first legs seen (Newchannel) but not yet ringing anyone: who started them, what they dialled
    origins: dict[str, dict[str, str]] = field(default_factory=dict)
    channels: ChannelSets = field(default_factory=ChannelSets)
    # calls a transfer went through: their first leg may leave while the others talk on, so
    # they end with their last channel, not with the first leg's Hangup
    transferred: set[str] = field(default_factory=set)

    def translate(self, m: dict[str, str], at: datetime | None = None) -> CallEvent | None:
        """The first CallEvent of a message (most give one or none); sessions use
        `translate_all`, since a channel moving to another call can also end the one it left."""
        events = self.translate_all(m, at)
        return events[0] if events else None

    def translate_all(self, m: dict[str, str], at: datetime | None = None) -> list[CallEvent]:
        at = at or datetime.now(UTC)
        name = m.get("Event")
        if name == "OriginateResponse":
            if m.get("Response", "").lower() == "success" and m.get("ActionID"):
                for key in ("Uniqueid", "Linkedid"):
                    if m.get(key):
                        self.aliases[m[key]] = m["ActionID"]
            return []
        if name in ("BlindTransfer", "AttendedTransfer"):
            self._transfer(m)
            return []
        linked = m.get("Linkedid") or m.get("DestLinkedid") or m.get("Uniqueid")
        if not name or not linked:
            if name in WANTED:
                log.warning("AMI: %s without a Linkedid skipped: %.300r", name, m)
            return []
        linked = self.aliases.get(linked, linked)
        emptied = self._track(name, linked, m)
        first_leg = m.get("Uniqueid") == m.get("Linkedid")
        if name == "Hangup" and first_leg and linked not in self.transferred:
            emptied.append(linked)  # the call is over, whoever is still ringing
        event = self._event(name, linked, m, at)
        events = [event] if event is not None else []
        for call in dict.fromkeys(emptied):  # the last channel hung up (or moved away)
            ended = self._ended(call, m, at)
            if ended is not None:
                events.append(ended)
        return events

    def _transfer(self, m: dict[str, str]) -> None:
        """`BlindTransfer` names Transferer/Transferee Linkedids; `AttendedTransfer` the
        original call's (OrigTransferer, Transferee) and the consultation's (SecondTransferer,
        TransferTarget). Both calls go on without their first leg."""
        for key, value in m.items():
            call = self.aliases.get(value, value)
            if key.endswith("Linkedid") and call in self.calls:
                self.transferred.add(call)

    def _track(self, name: str, linked: str, m: dict[str, str]) -> list[str]:
        """File the channels this event shows under their calls; the calls left empty."""
        uniqueid = m.get("Uniqueid", "")
        if name == "Hangup":
            return self.channels.hung_up(uniqueid, linked)
        emptied = [self.channels.seen(uniqueid, linked)]
        dest = m.get("DestUniqueid", "")
        if dest and m.get("DestLinkedid"):
            dest_linked = self.aliases.get(m["DestLinkedid"], m["DestLinkedid"])
            emptied.append(self.channels.seen(dest, dest_linked))
        return [call for call in emptied if call is not None]

    def _event(self, name: str, linked: str, m: dict[str, str], at: datetime) -> CallEvent | None:
        if name == "Newchannel":
            if m.get("Uniqueid") and m.get("Uniqueid") == m.get("Linkedid"):
                self._remember_origin(linked, m)
            return None
        if name in ("DialBegin", "AgentCalled"):
            return self._ringing(linked, m, at)
        state = self.calls.get(linked)
        if state is None:
            return None  # a leg of a call we never saw offered (internal, or before we came)
        if state.get("originated") and not state.get("to"):  # the agent's phone, so far
            if name == "DialEnd":
                originate.dial_ended(state, m)
            return None
        if name == "DialEnd":
            return self._dial_ended(linked, state, m, at)
        if name == "AgentConnect":
            return self._answered(linked, state, at, _member_extension(m))
        if name == "BridgeEnter":
            # inbound, the agent's own leg entering the bridge is the phone that took the call;
            # outbound, the agent is the one who dialled, whoever enters
            inbound = state.get("direction") != "outbound"
            return self._answered(linked, state, at, _extension(m.get("Channel", "")) * inbound)
        return None

    def _ended(self, linked: str, m: dict[str, str], at: datetime) -> CallEvent | None:
        """A call with no channel left: ended, with the cause of the last hang-up."""
        self.origins.pop(linked, None)  # a call that never rang anyone (IVR, voicemail)
        self.channels.forget(linked)
        self.transferred.discard(linked)
        state = self.calls.pop(linked, None)
        if state is None:
            return None
        if state.get("originated") and not state.get("to"):
            log.info("AMI: an originated call ended before it dialled anyone: %s", linked)
            return None
        return leg_event("ended", linked, at, state, _end_cause(state, m))

    def _remember_origin(self, linked: str, m: dict[str, str]) -> None:
        if len(self.origins) >= MAX_ORIGINS:  # Hangups we never saw: forget the oldest
            self.origins.pop(next(iter(self.origins)))
        self.origins[linked] = {
            "channel": m.get("Channel", ""),
            "caller": _number(m.get("CallerIDNum", "")),
            "exten": m.get("Exten", ""),
            "context": m.get("Context", ""),
        }

    def _ringing(self, linked: str, m: dict[str, str], at: datetime) -> CallEvent | None:
        state = self.calls.get(linked)
        if state is None:
            state = self._new_call(linked, m)
            if state is None:
                return None
            self.calls[linked] = state
            if state["direction"] == "outbound" and not state.get("originated"):
                return leg_event("offered", linked, at, state)
        if state.get("originated"):
            if originate.ringing(state, m):
                return leg_event("offered", linked, at, state)
            return None
        if state["direction"] == "outbound" or state.get("answered"):
            return None  # more legs of our agent's own call, or a transfer's consultation
        extension = _member_extension(m)
        if not extension:
            return None  # a trunk or an unknown device rings: no agent to pop up
        state["extension"] = extension
        return leg_event("offered", linked, at, state)

    def _new_call(self, linked: str, m: dict[str, str]) -> dict[str, str] | None:
        origin = self.origins.pop(linked, None) or {
            "channel": m.get("Channel", ""), "caller": _number(m.get("CallerIDNum", "")),
            "exten": "", "context": "",
        }  # fmt: skip
        kind, who = _device(origin["channel"])
        if origin["context"].startswith(TRUNK_CONTEXTS):
            kind = "trunk"
        if originate.is_originated(origin["channel"]):
            return {"from": "", "to": "", "direction": "outbound", "originated": "1"}
        dialled = _first_number(
            origin["exten"], m.get("Exten", ""), m.get("DestExten", ""),
            m.get("DialString", "").rpartition("/")[2].split("@")[0],
        )  # fmt: skip
        if kind == "phone":  # an agent's own phone dials out (or calls a colleague)
            agent = origin["caller"] if is_extension(origin["caller"]) else who
            return {"from": agent, "to": dialled, "extension": agent, "direction": "outbound"}
        caller = origin["caller"] or _number(m.get("CallerIDNum", ""))
        return {"from": caller, "to": dialled, "direction": "inbound"}

    def _dial_ended(
        self, linked: str, state: dict[str, str], m: dict[str, str], at: datetime
    ) -> CallEvent | None:
        status = m.get("DialStatus", "")
        if status != "ANSWER":
            if status in DIAL_STATUSES and not state.get("answered"):
                state["dialstatus"] = _worse(state.get("dialstatus", ""), status)
            return None
        taker = None
        if state.get("direction") != "outbound":
            taker = _member_extension(m)  # a ring group: the phone whose dial was answered
        return self._answered(linked, state, at, taker)

    def _answered(
        self, linked: str, state: dict[str, str], at: datetime, taker: str | None
    ) -> CallEvent | None:
        if state.get("answered"):
            return None
        state["answered"] = "1"
        if taker:
            state["extension"] = taker
        return leg_event("answered", linked, at, state)

    def forget_all_but(
        self, linkedids: set[str], at: datetime | None = None, channels: set[str] | None = None
    ) -> list[CallEvent]:
        """After a reconnect: the calls we were following that are not among the PBX's live
        channels (CoreShowChannels) ended while we were away; so did the channels (Uniqueids)
        it no longer lists, which a transferred call would otherwise wait for forever."""
        live = {self.aliases.get(x, x) for x in linkedids}
        gone = calls_gone(self.calls, live, at)
        for call in gone:  # their aliases and channels die with them
            self.channels.forget(call.call_id)
            self.transferred.discard(call.call_id)
            for alias in [a for a, cid in self.aliases.items() if cid == call.call_id]:
                del self.aliases[alias]
        if channels is not None:
            for uniqueid, linked in list(self.channels.owner.items()):
                if uniqueid not in channels:
                    for empty in self.channels.hung_up(uniqueid, linked):
                        if empty in self.calls:
                            gone += calls_gone(self.calls, set(self.calls) - {empty}, at)
                            self.transferred.discard(empty)
        return gone


# how one ringing ended (DialEnd DialStatus), in words; when several phones rang (a ring
# group, a queue) the most telling one is kept: the caller giving up says more than a phone
# that rang out, which says more than one that was busy or unreachable
DIAL_STATUSES = {
    "CANCEL": "cancelled",
    "NOANSWER": "no answer",
    "BUSY": "busy",
    "CONGESTION": "congestion",
    "CHANUNAVAIL": "unavailable",
}
_RANK = list(DIAL_STATUSES)
MAX_ORIGINS = 2000


def _worse(current: str, status: str) -> str:
    if not current:
        return status
    return status if _RANK.index(status) < _RANK.index(current) else current


def _end_cause(state: dict[str, str], m: dict[str, str]) -> str | None:
    """Why the call ended: for a call nobody answered, how the ringing ended (a cancelled call
    reads "Interworking, unspecified" in the Hangup); otherwise the Hangup's own words."""
    if not state.get("answered") and state.get("dialstatus"):
        return DIAL_STATUSES[state["dialstatus"]]
    return m.get("Cause-txt") or CAUSES.get(m.get("Cause", ""), m.get("Cause"))


def _first_number(*candidates: str) -> str:
    """The first that is a dialled number: dialplans show `s`, `h`, `~~s~~` or IVR labels
    such as `sw_328_1` in Exten once a call leaves the context it arrived in."""
    for value in candidates:
        if DIALLED.fullmatch(value):
            return value
    return ""


def _number(value: str) -> str:
    return "" if value in ("<unknown>", "<Unknown>") else value


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
