"""Tickets and everything that hangs off them: comments, attachments, work, parts, check-ins."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from .enums import Channel, CommentVisibility, Priority, SlaClass, TicketStatus
from .sla import Milestone, SlaClock, SlaTargets, targets_for

# where each milestone's deadline and the moment it was reached are stored on a ticket
DUE_FIELDS = MappingProxyType(
    {
        Milestone.RESPONSE: "response_due_at",
        Milestone.ARRIVAL: "arrival_due_at",
        Milestone.RESOLUTION: "resolution_due_at",
    }
)
REACHED_FIELDS = MappingProxyType(
    {
        Milestone.RESPONSE: "responded_at",
        Milestone.ARRIVAL: "arrived_at",
        Milestone.RESOLUTION: "resolved_at",
    }
)
MAX_DESCRIPTION = 4000
# a ticket number as agents type it: T0000123, t123 or 123 (zeros, case and spaces aside)
_NUMBER = re.compile(r"^\s*[Tt]?0*(\d{1,12})\s*$")
MAX_CATEGORY = 64


@dataclass(slots=True)
class Ticket:
    id: int
    channel: Channel
    category: str
    priority: Priority
    status: TicketStatus
    description: str
    created_at: datetime
    updated_at: datetime
    sla_class: SlaClass = SlaClass.STANDARD
    customer_id: int | None = None
    site_id: int | None = None
    asset_id: int | None = None
    contact_name: str = ""
    contact_phone: str | None = None
    assignee_id: int | None = None
    department_id: int | None = None
    created_by: str = ""
    response_due_at: datetime | None = None
    arrival_due_at: datetime | None = None
    resolution_due_at: datetime | None = None
    responded_at: datetime | None = None
    arrived_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    hold_started_at: datetime | None = None
    held_from: TicketStatus | None = None
    hold_reason: str | None = None
    reopen_count: int = 0
    # set by routing rules: what the technician must know (ranking needs it), who is told
    required_skills: tuple[str, ...] = ()
    watchers: tuple[str, ...] = ()
    # the window agreed with the customer for the visit (预约上门), and when the visit is planned
    # in the assignee's day and for how long (the dispatch board's bar)
    appointment_starts_at: datetime | None = None
    appointment_ends_at: datetime | None = None
    planned_start_at: datetime | None = None
    planned_minutes: int | None = None
    version: int = 1

    @property
    def number(self) -> str:
        """The reference agents read out to customers."""
        return self.number_of(self.id)

    @staticmethod
    def number_of(ticket_id: int) -> str:
        return f"T{ticket_id:07d}"

    @staticmethod
    def id_in(text: str) -> int | None:
        """The ticket id a typed ticket number names, or None. Bare digits count up to eight;
        longer ones are a phone number unless they start with T."""
        m = _NUMBER.match(text)
        if m and (text.strip()[0] in "Tt" or len(m.group(1)) <= 8):
            return int(m.group(1))
        return None

    @property
    def targets(self) -> SlaTargets:
        return targets_for(self.sla_class, self.priority)

    @property
    def next_due_at(self) -> datetime | None:
        """The deadline the ticket is working toward now (the first milestone not reached), or
        the resolution deadline once every milestone is reached. What "SLA left" shows and the
        queue sorts and filters by; storage keeps it as a column for that."""
        for milestone, due in self.deadlines().items():
            if due is not None and self.reached()[milestone] is None:
                return due
        return self.resolution_due_at

    def deadlines(self) -> dict[Milestone, datetime | None]:
        return {m: getattr(self, f) for m, f in DUE_FIELDS.items()}

    def reached(self) -> dict[Milestone, datetime | None]:
        return {m: getattr(self, f) for m, f in REACHED_FIELDS.items()}

    def set_deadlines(self, deadlines: Mapping[Milestone, datetime | None]) -> None:
        for m, due in deadlines.items():
            setattr(self, DUE_FIELDS[m], due)

    def sla_clocks(self) -> list[SlaClock]:
        reached = self.reached()
        due = self.deadlines()
        return [
            SlaClock(m, self.targets.for_milestone(m), d, reached[m], self.hold_started_at)
            for m, d in due.items()
            if d is not None
        ]


# the fields an agent may edit on an existing ticket through update_ticket
EDITABLE_FIELDS = frozenset(
    {
        "category",
        "priority",
        "description",
        "customer_id",
        "site_id",
        "asset_id",
        "contact_name",
        "contact_phone",
        "channel",
    }
)


@dataclass(slots=True)
class TicketDraft:
    """What an agent (or the QR page, or the chat webhook) submits to open a ticket."""

    channel: Channel | str
    category: str
    priority: Priority | str
    description: str
    customer_id: int | None = None
    site_id: int | None = None
    asset_id: int | None = None
    contact_name: str = ""
    contact_phone: str | None = None
    department_id: int | None = None
    # the window agreed with the customer (预约上门): both or neither, aware datetimes; checked
    # as set_appointment checks one (in the past or on a public holiday: refused)
    appointment_starts_at: datetime | None = None
    appointment_ends_at: datetime | None = None


@dataclass(slots=True)
class Transition:
    id: int
    ticket_id: int
    from_status: TicketStatus | None
    to_status: TicketStatus
    actor: str
    at: datetime
    reason: str | None = None


@dataclass(slots=True)
class Comment:
    id: int
    ticket_id: int
    author: str
    body: str
    visibility: CommentVisibility
    created_at: datetime


@dataclass(slots=True)
class Attachment:
    id: int
    ticket_id: int
    sha256: str
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    created_at: datetime


@dataclass(slots=True)
class WorkLogEntry:
    id: int
    ticket_id: int
    technician_id: int
    started_at: datetime
    ended_at: datetime
    note: str

    @property
    def minutes(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds() // 60)


@dataclass(slots=True)
class PartUsage:
    id: int
    ticket_id: int
    technician_id: int
    part_id: int
    quantity: int
    created_at: datetime


@dataclass(slots=True)
class CheckIn:
    id: int
    ticket_id: int
    technician_id: int
    lat: float
    lon: float
    accuracy_m: float | None
    distance_m: float
    inside_geofence: bool
    device_time: datetime | None
    server_time: datetime
    on_time: bool | None
    reason: str | None = None


@dataclass(slots=True)
class TicketPage:
    """One page of a queue. `next_cursor` is opaque; pass it back for the next page."""

    items: list[TicketRow] = field(default_factory=list)
    next_cursor: str | None = None


@dataclass(slots=True)
class TicketRow:
    """A queue line: the ticket plus the names the queue shows, fetched in the same query."""

    ticket: Ticket
    customer_name: str | None = None
    site_name: str | None = None
    technician_name: str | None = None
    department_name: str | None = None
    # how far the SLA escalation has gone for the deadline the ticket works toward now
    # (domain.escalation.Level: 0 none, 1 assignee told, 2 supervisor told, 3 missed)
    escalation: int = 0
    # where the site is (None: no site, or a server older than these fields): the map places
    # the ticket's pin from the row a change brings, without asking for it
    site_lat: float | None = None
    site_lon: float | None = None
