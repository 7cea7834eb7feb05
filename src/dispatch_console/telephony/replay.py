"""Replaying recorded PBX traffic through the same translation the live connection uses.

A recording (`dispatch-admin telephony monitor --record FILE`) holds every byte the PBX sent, as
it sent it, connection after connection. A site whose PBX behaves differently sends us the file;
`telephony replay FILE` shows the calls it would record, and the file joins the test corpus."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from ..domain.call_events import CallEvent
from .ami import AmiTranslator
from .esl import EslTranslator
from .sessions import AmiSession, EslSession, LoginRefused, Session

Protocol = Literal["ami", "esl"]
# where a new connection starts in a recording
_AMI_START = re.compile(rb"(?:^|(?<=\n))Asterisk Call Manager/")
_ESL_START = re.compile(rb"(?:^|(?<=\n\n))Content-Type: auth/request\r?\n")


class NotARecording(ValueError):
    pass


def detect(data: bytes) -> Protocol:
    """AMI or ESL, from the recording's first bytes."""
    head = data.lstrip()[:4096]
    if head.startswith(b"Asterisk Call Manager/") or re.match(rb"(Event|Response|Action): ", head):
        return "ami"
    if re.match(rb"(Content-Type|Content-Length|Event-Name): ", head):
        return "esl"
    raise NotARecording(
        "neither Asterisk AMI (it starts 'Asterisk Call Manager/' or 'Event: ...') nor a "
        "FreeSWITCH event socket ('Content-Type: ...')"
    )


@dataclass
class CallSummary:
    call_id: str
    direction: str = ""
    from_number: str = ""
    to_number: str = ""
    extension: str | None = None
    answered: bool = False
    ended: bool = False
    cause: str | None = None

    def line(self) -> str:
        outcome = "answered" if self.answered else "not answered"
        if not self.ended:
            outcome += ", still up"
        who = f" ext {self.extension}" if self.extension else " (no agent)"
        why = f" ({self.cause})" if self.cause else ""
        return (
            f"{self.call_id}: {self.direction} {self.from_number or '?'} -> "
            f"{self.to_number or '?'}{who}, {outcome}{why}"
        )


@dataclass
class Replay:
    protocol: Protocol
    events: list[CallEvent] = field(default_factory=list)
    connections: int = 0
    skipped_frames: int = 0
    notes: list[str] = field(default_factory=list)  # status lines, refusals

    def calls(self) -> list[CallSummary]:
        """One summary per call, in the order the calls began."""
        calls: dict[str, CallSummary] = {}
        for e in self.events:
            call = calls.setdefault(e.call_id, CallSummary(e.call_id))
            call.direction = e.direction
            call.from_number = e.from_number or call.from_number
            call.to_number = e.to_number or call.to_number
            call.extension = e.extension or call.extension
            call.answered = call.answered or e.kind == "answered"
            if e.kind == "ended":
                call.ended, call.cause = True, e.cause
        return list(calls.values())


def replay(data: bytes, on_event: Callable[[CallEvent], None] | None = None) -> Replay:
    """Every call event the recording yields, through one translator as on a live source."""
    protocol = detect(data)
    result = Replay(protocol)

    def collect(event: CallEvent) -> None:
        result.events.append(event)
        if on_event is not None:
            on_event(event)

    translator: AmiTranslator | EslTranslator
    translator = AmiTranslator() if protocol == "ami" else EslTranslator()
    for segment in _connections(data, protocol):
        session = _session(protocol, translator, collect, result.notes.append)
        # a capture may begin mid-session (no banner, no login): read it as logged in
        session.logged_in = True
        if isinstance(session, AmiSession) and not segment.startswith(b"Asterisk Call Manager/"):
            session.framer.banner = ""
        if isinstance(session, EslSession) and not segment.startswith(b"Content-Type: auth/"):
            session.state = "events"
        result.connections += 1
        try:
            session.feed(segment)
        except LoginRefused as exc:
            result.notes.append(f"login refused: {exc}")
        result.skipped_frames += session.skipped
    return result


def _session(
    protocol: Protocol,
    translator: AmiTranslator | EslTranslator,
    on_event: Callable[[CallEvent], None],
    on_status: Callable[[str], None],
) -> Session:
    if isinstance(translator, AmiTranslator):
        return AmiSession(on_event, on_status, translator=translator)
    session = EslSession(on_event, on_status, translator=translator, where="(a recording)")
    session.state = "greeting"
    return session


def _connections(data: bytes, protocol: Protocol) -> list[bytes]:
    starts = [m.start() for m in (_AMI_START if protocol == "ami" else _ESL_START).finditer(data)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(data)]
    return [data[a:b] for a, b in pairwise(bounds) if data[a:b].strip()]
