"""SLA escalation: before a deadline is missed, first the assignee is told, then the supervisor;
once it is missed the ticket is marked breached and, where the desk wants it, sent back for
dispatch. On hold, nothing escalates: the clock is stopped (the deadlines move on resume).

Each (ticket, milestone) climbs the levels once: a scan that runs again, or a second server
running the same scan, finds the level already reached and does nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from types import MappingProxyType

from .enums import TicketStatus
from .errors import ValidationError
from .sla import Milestone


class Level(IntEnum):
    NONE = 0
    ASSIGNEE = 1  # "your job's arrival deadline is in 30 minutes"
    SUPERVISOR = 2  # the supervisor sees it on the board and is told
    BREACHED = 3  # missed: marked, and re-dispatched where the policy says so


def _minutes(**by_milestone: int) -> Mapping[Milestone, timedelta]:
    return MappingProxyType({Milestone(k): timedelta(minutes=v) for k, v in by_milestone.items()})


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    """How long before each deadline the assignee and then the supervisor are told."""

    assignee_lead: Mapping[Milestone, timedelta] = field(
        default_factory=lambda: _minutes(response=10, arrival=30, resolution=120)
    )
    supervisor_lead: Mapping[Milestone, timedelta] = field(
        default_factory=lambda: _minutes(response=5, arrival=15, resolution=60)
    )
    # a missed arrival sends the job back for dispatch (someone else may still make it)
    redispatch: frozenset[Milestone] = frozenset()

    def validate(self) -> None:
        for m in Milestone:
            first, second = self.assignee_lead.get(m), self.supervisor_lead.get(m)
            for name, lead in (("assignee_lead", first), ("supervisor_lead", second)):
                if lead is not None and not timedelta(0) <= lead <= timedelta(days=2):
                    raise ValidationError(f"{name}.{m.value}", "between 0 and 48 hours")
            if first is not None and second is not None and second > first:
                raise ValidationError(
                    f"supervisor_lead.{m.value}",
                    "the supervisor is told after the assignee: a shorter lead time",
                )

    @property
    def longest_lead(self) -> timedelta:
        leads = [*self.assignee_lead.values(), *self.supervisor_lead.values()]
        return max(leads, default=timedelta(0))


def level_due(
    policy: EscalationPolicy, milestone: Milestone, due_at: datetime, now: datetime
) -> Level:
    """The level a milestone with this deadline has reached by `now`."""
    if now >= due_at:
        return Level.BREACHED
    left = due_at - now
    lead = policy.supervisor_lead.get(milestone)
    if lead is not None and left <= lead:
        return Level.SUPERVISOR
    lead = policy.assignee_lead.get(milestone)
    if lead is not None and left <= lead:
        return Level.ASSIGNEE
    return Level.NONE


@dataclass(frozen=True, slots=True)
class Escalation:
    """One step to take now: tell someone, or mark (and maybe re-dispatch)."""

    ticket_id: int
    milestone: Milestone
    level: Level
    due_at: datetime
    redispatch: bool = False


def escalate(
    policy: EscalationPolicy,
    ticket_id: int,
    status: TicketStatus,
    milestone: Milestone,
    due_at: datetime,
    reached: Level,
    now: datetime,
) -> Escalation | None:
    """What to do for a ticket working toward `milestone` (due `due_at`), which has already
    been escalated to `reached`: the highest level due now if it is higher, else nothing.
    A scan that missed a level (the server was down) goes straight to the one due."""
    if status is TicketStatus.ON_HOLD:
        return None
    due = level_due(policy, milestone, due_at, now)
    if due <= reached:
        return None
    # only a job nobody has set off for goes back: one on the way keeps its technician
    redispatch = (
        due is Level.BREACHED
        and milestone in policy.redispatch
        and status in (TicketStatus.ASSIGNED, TicketStatus.ACCEPTED)
    )
    return Escalation(ticket_id, milestone, due, due_at, redispatch)


@dataclass(slots=True)
class TicketEscalation:
    """The level a ticket's milestone has reached (stored: the scan's memory)."""

    id: int
    ticket_id: int
    milestone: Milestone
    level: int  # a Level
    due_at: datetime  # the deadline it was escalated against (a hold moves deadlines)
    at: datetime
    version: int = 1


@dataclass(frozen=True, slots=True)
class DueTicket:
    """An open ticket whose next deadline is within the longest lead time: what the scan needs
    of it, with how far its milestone has escalated already."""

    ticket_id: int
    status: TicketStatus
    milestone: Milestone
    due_at: datetime
    level: Level  # as stored: reached against `escalated_due`
    assignee_id: int | None
    department_id: int | None
    escalated_due: datetime | None = None  # the deadline `level` was reached against

    @property
    def moved(self) -> bool:
        """The deadline moved since its level was reached (a new priority, a hold, a reopen)."""
        return self.level > Level.NONE and self.escalated_due != self.due_at


def carried_level(policy: EscalationPolicy, due: DueTicket, now: datetime) -> Level:
    """How far the ticket's current deadline has escalated. A deadline that moved keeps no
    more of its old level than the new one has reached by now: moved into the future, it
    climbs afresh; moved but still missed (a short hold), it stays missed, with no second
    "missed" and no second re-dispatch."""
    if not due.moved:
        return due.level
    return min(due.level, level_due(policy, due.milestone, due.due_at, now))


def next_milestone(
    response_due: datetime | None, arrival_due: datetime | None, resolution_due: datetime | None,
    responded: datetime | None, arrived: datetime | None,
) -> tuple[Milestone, datetime] | None:  # fmt: skip
    """The deadline a ticket works toward: the first milestone not yet reached."""
    for milestone, due, reached in (
        (Milestone.RESPONSE, response_due, responded),
        (Milestone.ARRIVAL, arrival_due, arrived),
        (Milestone.RESOLUTION, resolution_due, None),
    ):
        if due is not None and reached is None:
            return milestone, due
    return None
