"""What the board shows about a ticket beside its bar: plain values the feed builds from a
ticket row, and the state the bar is coloured by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ...domain.enums import TicketStatus
from ...domain.lifecycle import IN_HAND_STATES
from ...domain.schedule import AppointmentWindow, Visit
from ...domain.schedule.bars import BoardTicket
from ...domain.sla import Risk, next_clock
from ...domain.tickets import Ticket

AT_RISK_BEFORE = timedelta(minutes=30)  # a plan arriving this close to the deadline is at risk


class BarState(StrEnum):
    ON_TIME = "on_time"
    AT_RISK = "at_risk"  # the queue's "SLA at risk", or the plan arrives close to the deadline
    LATE = "late"  # after the window or the SLA's arrival deadline, or no time to travel


@dataclass(frozen=True, slots=True)
class JobCard:
    """One ticket as the board knows it. `risk`: the queue's SLA risk for it, now.
    `holder_id`, `in_hand`: the technician who has accepted it or is on the way, and which."""

    ticket_id: int
    number: str
    title: str  # the customer or site, what the dispatcher recognises
    lat: float
    lon: float
    minutes: float  # planned on site
    window: AppointmentWindow | None = None
    arrival_due_at: datetime | None = None
    required_skills: tuple[str, ...] = ()
    risk: Risk | None = None
    holder_id: int | None = None
    in_hand: TicketStatus | None = None

    def visit(self, since: datetime, until: datetime) -> Visit:
        """The job to place: within its window, or anywhere on the board's days without one
        (the window clipped to the board, where the slot finder can look)."""
        start, end = since, until
        if self.window is not None:
            start, end = max(since, self.window.starts_at), min(until, self.window.ends_at)
            if end <= start:  # a window off the board: the checks will say so
                start, end = self.window.starts_at, self.window.ends_at
        return Visit(
            self.ticket_id,
            self.lat,
            self.lon,
            self.minutes,
            AppointmentWindow(start, end),
            self.required_skills,
            self.arrival_due_at,
        )


def card_from_ticket(
    ticket: Ticket | BoardTicket,
    title: str,
    lat: float,
    lon: float,
    minutes: float,
    now: datetime,
) -> JobCard:
    """The card for a ticket row, its risk read exactly as the queue reads it."""
    clock = next_clock(ticket.sla_clocks())
    window = None
    if ticket.appointment_starts_at is not None and ticket.appointment_ends_at is not None:
        window = AppointmentWindow(ticket.appointment_starts_at, ticket.appointment_ends_at)
    held = ticket.status in IN_HAND_STATES and ticket.assignee_id is not None
    return JobCard(
        ticket.id,
        ticket.number,
        title,
        lat,
        lon,
        ticket.planned_minutes or minutes,
        window,
        ticket.arrival_due_at if ticket.arrived_at is None else None,
        ticket.required_skills,
        clock.risk(now) if clock else None,
        ticket.assignee_id if held else None,
        ticket.status if held else None,
    )


def bar_state(card: JobCard | None, starts_at: datetime, spare_minutes: float) -> BarState:
    """Late: the SLA already missed, arriving after the window or the deadline, or too little
    time to travel there. At risk: the queue says so, or arriving close to the deadline."""
    late = spare_minutes < 0
    risky = False
    if card is not None:
        late |= card.risk is Risk.BREACHED
        late |= card.window is not None and starts_at > card.window.ends_at
        if card.arrival_due_at is not None:
            late |= starts_at > card.arrival_due_at
            risky |= starts_at > card.arrival_due_at - AT_RISK_BEFORE
        risky |= card.risk is Risk.AT_RISK
    if late:
        return BarState.LATE
    return BarState.AT_RISK if risky else BarState.ON_TIME
