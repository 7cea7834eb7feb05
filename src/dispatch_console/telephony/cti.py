"""The generic HTTP CTI webhook: the schema Zammad documents (sipgate.io's push API, which many
PBX scripts speak). `event=newCall|answer|hangup` with `from`, `to`, `direction`, `callId` (or
`call_id`, as Zammad's own request spec sends), `user[]` (or `user`, `caller`), `answeringNumber`,
`cause`; JSON, form-urlencoded or multipart/form-data (`curl --form`); the token in the URL
(`/cti/<token>`, Zammad's shape), `?token=`, `X-Token` or `Authorization: Bearer`.

`parse_cti` reads one request and says exactly which field is wrong; `CtiRequest.events` turns it
into call events once the agents it names are matched to users (`match_call_agents`, the same use
case on the server and behind the console's loopback listener in `webhook`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..domain.call_agents import AgentMatch, is_voicemail, literal_matches
from ..domain.call_events import CallEvent
from .cti_body import CtiError, Fields, read_fields

__all__ = ["CAUSES", "MAX_BODY", "CtiError", "CtiRequest", "MatchAgents", "events_for", "parse_cti"]

log = logging.getLogger(__name__)
KINDS = {"newCall": "offered", "answer": "answered", "hangup": "ended"}
# Zammad's and sipgate.io's causes, and the FreeSWITCH hangup causes that FusionPBX scripts
# post unchanged, said in words
CAUSES = {
    "normalClearing": "normal",
    "busy": "busy",
    "cancel": "caller hung up",
    "noAnswer": "no answer",
    "congestion": "congestion",
    "notFound": "number not found",
    "forwarded": "forwarded",
    "NORMAL_CLEARING": "normal",
    "ORIGINATOR_CANCEL": "caller hung up",
    "USER_BUSY": "busy",
    "NO_ANSWER": "no answer",
    "NO_USER_RESPONSE": "no answer",
    "CALL_REJECTED": "rejected",
    "UNALLOCATED_NUMBER": "number not found",
    "NORMAL_TEMPORARY_FAILURE": "congestion",
}
VOICEMAIL_CAUSE = "went to voicemail"
MAX_BODY = 64 * 1024
MAX_CALL_ID = 100  # the call log's column; Zammad allows 250, real ids are UUIDs or digits
MAX_NUMBER = 60
MAX_NAMES = 50
MAX_NAME = 200
MAX_CAUSE = 60

MatchAgents = Callable[[list[str]], list[AgentMatch]]


@dataclass(frozen=True)
class CtiRequest:
    kind: str  # offered | answered | ended
    call_id: str
    direction: str  # inbound | outbound
    from_number: str
    to_number: str
    users: list[str]  # the names the PBX gave (user[], user, caller)
    answering: str | None  # answeringNumber
    cause: str | None

    def names(self) -> list[str]:
        """What to match to users: everyone it rings; for an answer, who answered
        (`answeringNumber`, then sipgate's single `user`), first match wins."""
        if self.kind != "answered":
            return self.users
        if self.voicemail:
            return []
        # several names in an answer say nothing of which of them took it
        return ([self.answering] if self.answering else []) + (
            self.users if len(self.users) == 1 else []
        )

    @property
    def voicemail(self) -> bool:
        """The voicemail box answered an inbound call (Zammad's spec: `user=voicemail`): nobody
        took it, so it is a missed call with its callback, not an answered one."""
        return (
            self.kind == "answered"
            and self.direction == "inbound"
            and (is_voicemail(self.answering) or any(is_voicemail(u) for u in self.users))
        )

    def events(self, matches: list[AgentMatch], at: datetime | None = None) -> list[CallEvent]:
        """One event per agent's extension (a ring group pops several consoles); names that
        match nobody are logged and ring no console in particular."""
        when = at or datetime.now(UTC)
        for match in matches:
            if not match.known:
                log.warning("CTI call %s names %r: no user by that extension, login, e-mail or "
                            "name", self.call_id, match.given[:80])  # fmt: skip
        if self.voicemail:  # the call ends for the desk when the box picks up
            return [self._event("ended", None, VOICEMAIL_CAUSE, when)]
        extensions: list[str | None] = list(
            dict.fromkeys(m.extension for m in matches if m.extension)
        )
        if self.kind == "answered":
            extensions = extensions[:1]  # one person answers
        return [self._event(self.kind, ext, self.cause, when) for ext in extensions or [None]]

    def _event(self, kind: str, ext: str | None, cause: str | None, at: datetime) -> CallEvent:
        return CallEvent(
            kind,  # type: ignore[arg-type]
            self.call_id, at, self.direction,  # type: ignore[arg-type]
            self.from_number, self.to_number, ext, cause,
        )  # fmt: skip


def parse_cti(body: bytes, content_type: str) -> CtiRequest:
    """One request body, read as Zammad reads it, or a CtiError naming the field."""
    fields = read_fields(body, content_type)
    event = _one(fields, "event")
    kind = KINDS.get(event)
    if kind is None:
        shown = f" ({event[:40]!r} is not a call event)" if event else ""
        raise CtiError("event", f"must be newCall, answer or hangup{shown}")
    call_id = _one(fields, "callId") or _one(fields, "call_id")
    if not call_id:
        raise CtiError("callId", "required (callId or call_id)")
    if len(call_id) > MAX_CALL_ID:
        raise CtiError("callId", f"at most {MAX_CALL_ID} characters")
    direction = _one(fields, "direction") or "in"
    if direction not in ("in", "out"):
        raise CtiError("direction", "must be in or out")
    cause = _one(fields, "cause")
    if len(cause) > MAX_CAUSE:
        raise CtiError("cause", f"at most {MAX_CAUSE} characters")
    answering = _one(fields, "answeringNumber")
    if len(answering) > MAX_NAME:
        raise CtiError("answeringNumber", f"at most {MAX_NAME} characters")
    return CtiRequest(
        kind,
        call_id,
        "inbound" if direction == "in" else "outbound",
        _number(fields, "from"),
        _number(fields, "to"),
        _users(fields),
        answering or None,
        CAUSES.get(cause, cause) or None,
    )


def events_for(request: CtiRequest, match: MatchAgents | None) -> list[CallEvent]:
    names = request.names()
    matches = (match or literal_matches)(names) if names else []
    return request.events(matches)


def _one(fields: Fields, key: str) -> str:
    value = fields.get(key, "")
    if isinstance(value, list):  # JSON gave a list, or a form said `event[]`
        raise CtiError(key, "one value, not a list")
    return value.strip()


def _number(fields: Fields, key: str) -> str:
    number = _one(fields, key)
    if len(number) > MAX_NUMBER:
        raise CtiError(key, f"at most {MAX_NUMBER} characters")
    return number


def _users(fields: Fields) -> list[str]:
    """Zammad reads `user` (a list in forms: `user[]`, a string or list in JSON); its answer
    documentation says `caller` for the same names."""
    for key in ("user[]", "user", "caller[]", "caller"):
        if key not in fields:
            continue
        value = fields[key]
        names = [value] if isinstance(value, str) else value
        names = [n.strip() for n in names if n.strip()]
        if len(names) > MAX_NAMES:
            raise CtiError(key, f"at most {MAX_NAMES} agents")
        if any(len(n) > MAX_NAME for n in names):
            raise CtiError(key, f"each name at most {MAX_NAME} characters")
        return names
    return []
