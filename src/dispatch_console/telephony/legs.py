"""What the AMI and ESL translators share: a call followed as a small dict of its numbers,
agent extension and direction, and the events made from it."""

from __future__ import annotations

from datetime import UTC, datetime

from ..domain.call_events import CallEvent, Direction, Kind

LOST_WHILE_AWAY = "ended while the PBX connection was down"


def is_extension(number: str) -> bool:
    """An agent's desk phone: a short internal number, not a customer's."""
    return number.isdigit() and len(number) <= 6


def leg_event(
    kind: Kind, call: str, at: datetime, state: dict[str, str], cause: str | None = None
) -> CallEvent:
    direction: Direction = "outbound" if state.get("direction") == "outbound" else "inbound"
    return CallEvent(
        kind, call, at, direction, state["from"], state["to"], state.get("extension") or None,
        cause or None,
    )  # fmt: skip


def calls_gone(
    calls: dict[str, dict[str, str]], live: set[str], at: datetime | None = None
) -> list[CallEvent]:
    """After a reconnect, the calls we were following that the PBX no longer has: they ended
    while we were away. Ending them keeps pop-ups and the call log from ringing forever."""
    at = at or datetime.now(UTC)
    ended = [c for c in calls if c not in live]
    return [leg_event("ended", c, at, calls.pop(c), LOST_WHILE_AWAY) for c in ended]
