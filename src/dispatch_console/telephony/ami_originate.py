"""Calls the PBX originates through a `Local/` channel: a CRM's click-to-dial
(`Originate` with `Channel: Local/201@from-internal`), VoIPGRID's click-to-dial (cacofonisk's
`originate/ctd-*` captures). The first leg is the Local channel: no caller, no number. Asterisk
rings the agent first; only once the agent has answered does it dial the customer, and that
DialBegin is the first event to show the number. So the call is held back until then and
recorded as the agent's outbound call; one the agent never took is not recorded (we never
learn whom it was for)."""

from __future__ import annotations

import re

from .ami_channels import _device

DIALLED = re.compile(r"\+?[0-9*#]{1,32}")


def is_originated(first_leg: str) -> bool:
    return first_leg.startswith("Local/")


def ringing(state: dict[str, str], m: dict[str, str]) -> bool:
    """A DialBegin of an originated call; True once the customer is being dialled."""
    if state.get("to"):
        return False  # more legs towards the customer
    kind, who = _device(m.get("DestChannel", ""))
    if not state.get("agent_up"):
        # the agent's phone rings; a phone beats a Local channel named by its extension
        if kind == "phone" or (kind == "local" and not state.get("extension")):
            state["extension"] = state["from"] = who
        return False
    number = dialled_number(m)
    if not number or number == state.get("extension"):
        return False
    state["to"] = number
    return True


def dial_ended(state: dict[str, str], m: dict[str, str]) -> None:
    """A DialEnd before the customer is dialled: the agent answered (or not)."""
    if m.get("DialStatus") == "ANSWER" and state.get("extension"):
        state["agent_up"] = "1"


def dialled_number(m: dict[str, str]) -> str:
    """The number a DialBegin dials: `DestExten`, or the dial string's
    (`+31260010001@world_out`, `0212345678@carrier`, `PJSIP/0212345678@carrier`)."""
    target = m.get("DialString", "").split("@", 1)[0].rpartition("/")[2]
    for value in (m.get("DestExten", ""), target):
        if DIALLED.fullmatch(value):
            return value
    return ""
