"""FreeSWITCH channel events -> the console's calls (offered, answered, ended).

Written from captured traffic (tests/conformance/esl), not from the docs. What the captures teach:

- A call is the A-leg's UUID. Legs the switch creates for it (the bridge to an agent's phone or to
  a gateway) name it in `variable_originator` / `variable_originating_leg_uuid`, in
  `Other-Leg-Unique-ID` when `Other-Type: originator`, and in `Channel-Call-UUID`.
- Which side a leg is on comes from the channel, not from how long a number is: a gateway or the
  external profile (`sofia/gateway/...`, `sofia/external/...`, `variable_sip_gateway_name`) is a
  trunk; a leg authenticated against the directory (`variable_user_name`) or bridged through
  `user/...` (`variable_dialed_user`) is a desk phone. Only when neither shows do we fall back to
  "a short number is an extension".
- `Call-Direction` is FreeSWITCH's view of the leg: `inbound` means it came into the switch. An
  A-leg from a desk phone is the agent dialling out; from a trunk it is a customer calling in.
- Events come in any order a subscription allows; the first one we see of a call (a console that
  connects mid-call, or a subscription wider than ours) starts following it, from the leg's own
  profile or, for a B-leg, from its `Other-Leg-*` copy of the A-leg. A call first heard of after
  its answer (Webitel's CHANNEL_UNBRIDGE: `Caller-Channel-Bridged-Time` set) is answered at once;
  a leg whose `Answer-State` is already `hangup` starts nothing.
- A click-to-dial is ours when we issued it (`expect_dial`): the bgapi's Job-UUID and the agent
  leg's `origination_uuid` are both the console's call id; a `+OK <uuid>` job result naming another
  leg maps that leg to the call too; `-ERR <CAUSE>` ends the call the console recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.call_events import CallEvent
from .legs import calls_gone, is_extension, leg_event

log = logging.getLogger(__name__)

TRUNKS = ("sofia/gateway/", "sofia/external/")
DESKS = ("user/", "verto.rtc/")
# Q.850 / FreeSWITCH cause names in the words the call log shows; "busy" is what the use case
# counts as a busy outcome
CAUSES = {
    "NORMAL_CLEARING": "normal",
    "NORMAL_UNSPECIFIED": "normal",
    "USER_BUSY": "busy",
    "NO_ANSWER": "no answer",
    "NO_USER_RESPONSE": "no answer",
    "RECOVERY_ON_TIMER_EXPIRE": "no answer (timer expired)",
    "ORIGINATOR_CANCEL": "caller hung up",
    "CALL_REJECTED": "rejected",
    "LOSE_RACE": "answered elsewhere",
    "PICKED_OFF": "picked up by another phone",
    "UNALLOCATED_NUMBER": "number does not exist",
    "NO_ROUTE_DESTINATION": "no route to the number",
    "INVALID_NUMBER_FORMAT": "invalid number",
    "USER_NOT_REGISTERED": "phone not registered",
    "SUBSCRIBER_ABSENT": "phone not registered",
    "DESTINATION_OUT_OF_ORDER": "phone unreachable",
    "NORMAL_TEMPORARY_FAILURE": "temporary failure",
    "GATEWAY_DOWN": "the trunk is down",
    "NORMAL_CIRCUIT_CONGESTION": "the line is congested",
    "MEDIA_TIMEOUT": "media timeout",
    "ALLOTTED_TIMEOUT": "time limit reached",
    "MANAGER_REQUEST": "hung up by the switch",
    "ATTENDED_TRANSFER": "transferred",
    "BLIND_TRANSFER": "transferred",
}
GENERIC_CAUSES = {"", "NORMAL_CLEARING", "NORMAL_UNSPECIFIED", "ORIGINATOR_CANCEL"}
ANSWERS = {"CHANNEL_ANSWER", "CHANNEL_BRIDGE"}
GONE = {"CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_DESTROY"}


def cause_in_words(raw: str) -> str:
    raw = raw.strip().upper()
    return CAUSES.get(raw, raw.lower().replace("_", " "))


def side_of(e: dict[str, str]) -> str:
    """ "trunk", "desk", or "" when the leg does not say."""
    name = e.get("Channel-Name", "")
    if (
        name.startswith(TRUNKS)
        or e.get("variable_sip_gateway_name")
        or e.get("variable_gateway_name")
    ):
        return "trunk"
    if e.get("variable_user_name") or e.get("variable_dialed_user") or name.startswith(DESKS):
        return "desk"
    return ""


def _ringing_extension(e: dict[str, str]) -> str:
    """The desk phone a leg the switch created rings (bridge to user/1001 and the like)."""
    return (
        e.get("variable_dialed_user")
        or e.get("Caller-Callee-ID-Number")
        or e.get("Caller-Destination-Number", "")
    )


def _over(e: dict[str, str]) -> bool:
    """The leg is hanging up or gone (a CHANNEL_STATE/CALLSTATE/DESTROY of a wider subscription):
    no call to start following from it."""
    return e.get("Answer-State") == "hangup" or e.get("Channel-Call-State") == "HANGUP"


def _already_connected(e: dict[str, str], a_leg: bool, state: dict[str, str]) -> bool:
    """A call first seen mid-way (CHANNEL_UNBRIDGE, CHANNEL_EXECUTE... of a wider subscription, or
    after a reconnect) that is past its answer: the A-leg has been bridged
    (`Caller-Channel-Bridged-Time`), or, for a desk phone's own call or a leg the switch created,
    the leg is answered. A customer's A-leg answered by an IVR alone is not the call answered."""
    if e.get("Caller-Channel-Bridged-Time", "0") not in ("", "0"):
        return True
    answered = e.get("Answer-State") == "answered"
    return answered and (not a_leg or bool(state.get("desk_a")))


def _a_leg_from_other(e: dict[str, str], call: str) -> dict[str, str] | None:
    """A B-leg carries its A-leg's profile as `Other-Leg-*` (when `Other-Type: originator`)."""
    if e.get("Other-Type") != "originator" or not e.get("Other-Leg-Unique-ID"):
        return None
    a = {"Unique-ID": call, "Call-Direction": e.get("Other-Leg-Direction", "inbound")}
    for key, value in e.items():
        if key.startswith("Other-Leg-"):
            a["Caller-" + key[len("Other-Leg-") :]] = value
    a["Channel-Name"] = e.get("Other-Leg-Channel-Name", "")
    if a.get("Caller-Username") and a["Channel-Name"].startswith("sofia/internal/"):
        a["variable_user_name"] = a["Caller-Username"]  # an authenticated desk phone
    return a


@dataclass
class EslTranslator:
    """Channel events -> CallEvents. Calls are followed as small dicts (see legs.py) with flags:
    offered (the console was told), answered, ours (our click-to-dial), desk_a (an agent dialled
    from the desk phone), await_far (someone else's originate to a desk phone: offered once the
    far leg shows the number), ignore (no desk phone involved: an autodialer, an IVR-only call)."""

    calls: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # leg UUID -> call id
    dials: dict[str, tuple[str, str]] = field(default_factory=dict)  # our call id -> (ext, number)

    def expect_dial(self, call_id: str, extension: str, number: str) -> None:
        """The console sent `bgapi originate` under this id (Job-UUID and origination_uuid)."""
        self.dials[call_id] = (extension, number)
        self.aliases[call_id] = call_id

    def translate(self, e: dict[str, str], at: datetime | None = None) -> CallEvent | None:
        """The first CallEvent one channel event makes (see `events` for all of them)."""
        got = self.events(e, at)
        return got[0] if got else None

    def events(self, e: dict[str, str], at: datetime | None = None) -> list[CallEvent]:
        at = at or datetime.now(UTC)
        try:
            if e.get("Event-Name") == "BACKGROUND_JOB":
                return self._job(e, at)
            return self._channel(e, at)
        except (KeyError, ValueError, TypeError):  # an event no capture explains
            log.warning("ESL: skipped an event we could not follow: %.500r", e)
            return []

    def _call_of(self, e: dict[str, str]) -> str:
        leg = e["Unique-ID"]
        if leg in self.aliases:
            return self.aliases[leg]
        other = e.get("Other-Leg-Unique-ID") if e.get("Other-Type") == "originator" else None
        parent = (
            e.get("variable_originator")
            or e.get("variable_originating_leg_uuid")
            or other
            or e.get("Channel-Call-UUID")
            or leg
        )
        return self.aliases.get(parent, parent)

    def _channel(self, e: dict[str, str], at: datetime) -> list[CallEvent]:
        name = e.get("Event-Name", "")
        if not name.startswith("CHANNEL_") or not e.get("Unique-ID"):
            return []
        leg = e["Unique-ID"]
        call = self._call_of(e)
        a_leg = leg == call
        out: list[CallEvent] = []
        state = self.calls.get(call)
        joined = state is None  # first seen now: a call already under way, or a new one
        if state is None:
            if name in GONE or _over(e):
                return []  # a call that ended before we saw it: nothing to tell
            profile = e if a_leg else _a_leg_from_other(e, call)
            if profile is None:
                return []  # a leg whose call we cannot place
            state = self.calls[call] = self._start(profile, call)
            self.aliases[call] = call
            out += self._offer(call, state, at)
        if not a_leg and leg not in self.aliases:
            self.aliases[leg] = call
            out += self._new_leg(e, call, state, at)
        # joined after the answer (a wider subscription, a reconnect): count it answered now
        late = joined and name not in ANSWERS and _already_connected(e, a_leg, state)
        connects = late or (name in ANSWERS and self._connects(name, a_leg, state))
        if connects and not state.get("answered"):
            if not a_leg and state["direction"] == "inbound" and side_of(e) == "desk":
                state["extension"] = _ringing_extension(e)
            state["answered"] = "1"
            if state.get("offered"):
                out.append(leg_event("answered", call, at, state))
        if name == "CHANNEL_HANGUP_COMPLETE":
            raw = e.get("Hangup-Cause", "")
            if not a_leg:
                state["b_cause"] = raw
            else:
                out += self._end(call, state, raw, at)
        return out

    def _start(self, p: dict[str, str], call: str) -> dict[str, str]:
        caller = p.get("Caller-Caller-ID-Number", "")
        dialled = p.get("Caller-Destination-Number", "")
        if call in self.dials or p.get("variable_dispatch_to"):
            ext, number = self.dials.get(call, ("", ""))
            agent = ext or p.get("variable_dialed_user") or dialled
            to = number or p.get("variable_dispatch_to", "")
            return {"from": agent, "to": to, "extension": agent, "direction": "outbound",
                    "ours": "1"}  # fmt: skip
        side = side_of(p)
        if p.get("Call-Direction", "inbound") == "inbound":
            if side == "desk" or (not side and is_extension(caller)):
                ext = p.get("variable_user_name") or p.get("Caller-Username") or caller
                return {"from": ext, "to": dialled, "extension": ext, "direction": "outbound",
                        "desk_a": "1"}  # fmt: skip
            # rings nobody yet: the dialplan decides which agent (or IVR) gets it
            return {"from": caller, "to": dialled, "direction": "inbound", "wait": "1"}
        if side == "desk":  # someone else's click-to-dial: the agent's phone rings first
            ext = _ringing_extension(p)
            return {"from": ext, "to": "", "extension": ext, "direction": "outbound",
                    "await_far": "1"}  # fmt: skip
        return {"from": caller, "to": dialled, "direction": "outbound", "ignore": "1"}

    def _offer(self, call: str, state: dict[str, str], at: datetime) -> list[CallEvent]:
        if state.get("offered") or any(state.get(k) for k in ("wait", "await_far", "ignore")):
            return []
        state["offered"] = "1"
        return [leg_event("offered", call, at, state)]

    def _new_leg(
        self, e: dict[str, str], call: str, state: dict[str, str], at: datetime
    ) -> list[CallEvent]:
        side = side_of(e)
        if state["direction"] == "inbound" and not state.get("answered"):
            dest = _ringing_extension(e)
            if side == "desk" or (not side and is_extension(dest)):
                state.pop("wait", None)
                state["extension"] = dest
                if state.get("offered"):  # rings another agent (ring group, transfer)
                    return [leg_event("offered", call, at, state)]
                return self._offer(call, state, at)
        if state.get("await_far") and side != "desk":
            state["to"] = e.get("Caller-Destination-Number") or e.get("variable_sip_to_user", "")
            state.pop("await_far")
            return self._offer(call, state, at)
        return []

    @staticmethod
    def _connects(name: str, a_leg: bool, state: dict[str, str]) -> bool:
        """Whether this answer is the call being answered: the far leg answering or the A-leg
        being bridged always is; the A-leg itself answering is only when an agent dialled from
        the desk phone (the switch answers it when the far end does). A customer's A-leg is
        answered by IVRs too, and our click-to-dial's A-leg is the agent picking up."""
        if not a_leg or name == "CHANNEL_BRIDGE":
            return True
        return bool(state.get("desk_a"))

    def _end(self, call: str, state: dict[str, str], raw: str, at: datetime) -> list[CallEvent]:
        self.calls.pop(call, None)
        self.dials.pop(call, None)
        self._forget_legs({call})
        if not state.get("offered"):
            return []
        b_cause = state.get("b_cause", "")
        if not state.get("answered") and raw.upper() in GENERIC_CAUSES and b_cause:
            raw = raw if b_cause.upper() in GENERIC_CAUSES else b_cause  # why the agent leg failed
        return [leg_event("ended", call, at, state, cause_in_words(raw))]

    def _job(self, e: dict[str, str], at: datetime) -> list[CallEvent]:
        call = e.get("Job-UUID", "")
        if call not in self.dials:
            return []  # another application's job
        result = e.get("_body", "").strip()
        if result.startswith("+OK"):
            leg = result[3:].strip()
            if leg and leg != call:
                self.aliases[leg] = call
            return []
        ext, number = self.dials.pop(call)
        state = self.calls.pop(call, None) or {"from": ext, "to": number, "extension": ext}
        state["direction"] = "outbound"
        self._forget_legs({call})
        reason = cause_in_words(result.removeprefix("-ERR").strip() or "failed")
        return [leg_event("ended", call, at, state, reason)]

    def _forget_legs(self, calls: set[str]) -> None:
        for leg in [leg for leg, c in self.aliases.items() if c in calls]:
            del self.aliases[leg]

    def forget_all_but(self, live: set[str], at: datetime | None = None) -> list[CallEvent]:
        """After a reconnect: the calls we were following that the switch no longer has ended
        while we were away (only those the console was told of are ended)."""
        gone = {c: self.calls.pop(c) for c in list(self.calls) if c not in live}
        self._forget_legs(set(gone))
        told = {c: s for c, s in gone.items() if s.get("offered")}
        return calls_gone(told, set(), at)
