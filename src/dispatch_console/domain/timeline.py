"""A ticket's history in one place: what the detail view and the audit show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .calls import Call, Callback
from .chat import ChatMessage
from .events import Event
from .model import Asset, Customer, Site, Technician
from .notifications import Notification
from .tickets import (
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Ticket,
    TicketRow,
    Transition,
    WorkLogEntry,
)

TimelineItem = (
    Transition
    | Comment
    | Attachment
    | WorkLogEntry
    | PartUsage
    | CheckIn
    | Callback
    | Call
    | ChatMessage
    | Event
    | Notification
)


@dataclass(slots=True)
class TicketHistory:
    ticket: Ticket
    transitions: list[Transition] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    work_log: list[WorkLogEntry] = field(default_factory=list)
    parts: list[PartUsage] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    callbacks: list[Callback] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    chat_messages: list[ChatMessage] = field(default_factory=list)  # of chats linked to it
    # what the rules, auto-dispatch and declines decided (the events, which say why)
    decisions: list[Event] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)  # to the customer
    # what the ids above stand for, so the detail view can show names without more round trips
    customer: Customer | None = None
    site: Site | None = None
    asset: Asset | None = None
    technician: Technician | None = None
    part_names: dict[int, str] = field(default_factory=dict)
    technician_names: dict[int, str] = field(default_factory=dict)
    actor_names: dict[str, str] = field(default_factory=dict)  # user name -> display name

    def who(self, username: str) -> str:
        """The person behind a user name, as colleagues know them."""
        return self.actor_names.get(username, username)

    def timeline(self) -> list[tuple[datetime, TimelineItem]]:
        """Everything that happened, oldest first."""
        items: list[tuple[datetime, TimelineItem]] = []
        items += [(t.at, t) for t in self.transitions]
        items += [(c.created_at, c) for c in self.comments]
        items += [(a.created_at, a) for a in self.attachments]
        items += [(w.started_at, w) for w in self.work_log]
        items += [(p.created_at, p) for p in self.parts]
        items += [(c.server_time, c) for c in self.check_ins]
        items += [(c.created_at or c.due_at, c) for c in self.callbacks]
        items += [(c.offered_at, c) for c in self.calls]
        items += [(m.sent_at, m) for m in self.chat_messages]
        items += [(e.at, e) for e in self.decisions]
        items += [(n.created_at, n) for n in self.notifications]
        items.sort(key=lambda pair: pair[0])
        return items


@dataclass(slots=True)
class CallerMatch:
    """What screen-pop shows for a number: who it may be and what they have open."""

    number: str | None
    customers: list[Customer] = field(default_factory=list)
    open_tickets: list[TicketRow] = field(default_factory=list)
    recent_calls: list[Call] = field(default_factory=list)
    assets: list[tuple[Site, Asset]] = field(default_factory=list)  # at the one caller's sites
    callbacks: list[Callback] = field(default_factory=list)  # still to do for this number
