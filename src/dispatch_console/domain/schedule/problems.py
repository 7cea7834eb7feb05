"""Why a job cannot go where someone wants it, as values free of numpy (the ports and the
REST layer carry them): each conflict names its kind, the span or the other job at fault, and
the minutes involved. Warnings (late against the SLA) may be overridden; the rest refuse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..errors import DomainError


class ConflictKind(StrEnum):
    OVERLAP = "overlap"  # another job at that time
    OUTSIDE_HOURS = "outside_hours"
    DURING_BREAK = "during_break"
    ABSENCE = "absence"  # leave, sickness ...
    MISSING_SKILL = "missing_skill"
    NO_TIME_TO_TRAVEL = "no_time_to_travel"  # from the job before, or on to the job after
    UNKNOWN_POSITION = "unknown_position"  # no job before and no position: travel unknown
    OUTSIDE_WINDOW = "outside_window"  # not within the window agreed with the customer
    IN_PAST = "in_past"
    PUBLIC_HOLIDAY = "public_holiday"
    MISSES_SLA = "misses_sla"  # arrives after the contract's arrival deadline


WARNINGS = frozenset({ConflictKind.MISSES_SLA})


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    detail: str  # one English sentence, for logs and API clients
    ticket_id: int | None = None  # the other job involved
    starts_at: datetime | None = None  # the span at fault (a break, an absence, a holiday ...)
    ends_at: datetime | None = None
    minutes_needed: float | None = None  # travel: what it takes ...
    minutes_available: float | None = None  # ... and what the plan leaves

    @property
    def blocking(self) -> bool:
        return self.kind not in WARNINGS

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "detail": self.detail,
            "ticket_id": self.ticket_id,
            "starts_at": None if self.starts_at is None else self.starts_at.isoformat(),
            "ends_at": None if self.ends_at is None else self.ends_at.isoformat(),
            "minutes_needed": self.minutes_needed,
            "minutes_available": self.minutes_available,
        }


class ScheduleConflict(DomainError):
    """A booking refused: the blocking conflicts, and any warnings, each with its reason."""

    code = "schedule_conflict"

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = list(conflicts)
        super().__init__("; ".join(c.detail for c in self.conflicts) or "schedule conflict")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "conflicts": [c.to_dict() for c in self.conflicts]}
