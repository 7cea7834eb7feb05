"""Placing a ticket's visit on a technician's day inside a transaction: what `place_visit`
does, and what another use case (auto-dispatch booking within the window) can do in its own."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from ...domain.desk_zone import DeskZone
from ...domain.enums import TicketStatus
from ...domain.errors import IllegalTransition, ValidationError
from ...domain.lifecycle import ASSIGNABLE_STATES, IN_HAND_STATES, OPEN_STATES
from ...domain.model import Site, Technician
from ...domain.schedule import AppointmentWindow, Visit
from ...domain.schedule.booking import DEFAULT_VISIT_MINUTES, Booking
from ...domain.schedule.problems import ScheduleConflict
from ...domain.tickets import Ticket
from ...ports import UnitOfWork
from ..ticket_changes import TicketChanges, audit_snapshot
from .loading import aware, count, department_zone, load_days

if TYPE_CHECKING:
    from ...domain.schedule.travel import TravelTimes

MAX_VISIT_MINUTES = 24 * 60


def place_in(
    uow: UnitOfWork,
    changes: TicketChanges,
    ticket: Ticket,
    technician_id: int,
    starts_at: object,
    minutes: int | None = None,
    travel: TravelTimes | None = None,
    *,
    desk: DeskZone,
    take_over: bool = False,
) -> Booking:
    """Put `ticket`'s visit (as read in this transaction) on the technician's day from
    `starts_at`, assigning it to them as assign() would if it is not theirs yet; blocking
    conflicts raise ScheduleConflict. A job another technician has in hand (accepted, en route)
    is taken from them only with `take_over`: a console that did not know must not. Locks the
    technician's row first: a concurrent booking of theirs waits, then reads the day with this
    one's visit on it. Records `assigned` (when it assigns) and `visit_planned`; the caller
    commits."""
    from ...domain.schedule.conflicts import check_placement
    from ...domain.schedule.travel import STRAIGHT_LINE

    at = aware(starts_at, "starts_at")
    if minutes is not None:
        count(minutes, "minutes", 1, MAX_VISIT_MINUTES)
    expected_version = ticket.version
    tech = uow.get(Technician, technician_id, lock=True)
    assigning = _assigning(ticket, tech)
    if assigning and not take_over:
        _refuse_taking(uow, ticket)
    if ticket.site_id is None:
        raise ValidationError("site_id", "the ticket has no site: nowhere to send anyone")
    site = uow.get(Site, ticket.site_id)
    length = minutes or ticket.planned_minutes or DEFAULT_VISIT_MINUTES
    visit = Visit(
        ticket.id, site.lat, site.lon, length, _visit_window(ticket, at, length),
        ticket.required_skills, ticket.arrival_due_at if ticket.arrived_at is None else None,
    )  # fmt: skip
    zone, _, _ = department_zone(uow, tech.department_id, desk)
    since = datetime.combine(at.astimezone(zone).date(), time(), tzinfo=zone)
    day = load_days(uow, [tech], since, since + timedelta(days=2), desk)[tech.id]
    now = changes._now()
    found = check_placement(day.without(ticket.id), visit, at, now, travel or STRAIGHT_LINE)
    warnings = [c for c in found if not c.blocking]
    blocking = [c for c in found if c.blocking]
    if blocking:
        raise ScheduleConflict(blocking + warnings)
    before = audit_snapshot(ticket)
    planned = {
        "technician_id": tech.id,
        "previous_technician_id": ticket.assignee_id,
        "starts_at": at,
        "minutes": length,
        "previous_starts_at": ticket.planned_start_at,
        "previous_minutes": ticket.planned_minutes,
    }
    if assigning:  # as assign() does
        ticket.assignee_id = tech.id
        if ticket.department_id is None:
            ticket.department_id = tech.department_id
        ticket.status = TicketStatus.ASSIGNED
    ticket.planned_start_at, ticket.planned_minutes = at, length
    if assigning:  # the usual "assigned" (the customer is told), then the plan
        saved = changes.save(uow, ticket, expected_version, before, "assigned")
        changes._record(uow, "ticket", ticket.id, "visit_planned", version=saved.version, **planned)
    else:
        saved = changes.save(uow, ticket, expected_version, before, "visit_planned", extra=planned)
    return Booking(saved, warnings)


def _assigning(ticket: Ticket, tech: Technician) -> bool:
    """Whether placing the visit assigns the ticket to `tech` (refused as assign() refuses);
    False when it is theirs already and open."""
    theirs = OPEN_STATES - {TicketStatus.NEW, TicketStatus.REOPENED}
    if ticket.assignee_id == tech.id and ticket.status in theirs:
        return False
    if ticket.status not in ASSIGNABLE_STATES:
        raise IllegalTransition(
            ticket.status.value,
            TicketStatus.ASSIGNED.value,
            sorted(s.value for s in ASSIGNABLE_STATES),
        )
    return True


_IN_HAND_WORDS = {
    TicketStatus.ACCEPTED: "has accepted this job",
    TicketStatus.EN_ROUTE: "is on the way to this job",
}


def _refuse_taking(uow: UnitOfWork, ticket: Ticket) -> None:
    """Another technician has the job in hand: say who and how, and what to pass to take it."""
    if ticket.status not in IN_HAND_STATES or ticket.assignee_id is None:
        return
    holder = uow.find_one(Technician, id=ticket.assignee_id)
    name = holder.name if holder is not None else f"technician {ticket.assignee_id}"
    raise ValidationError(
        "take_over",
        f"{name} {_IN_HAND_WORDS[ticket.status]} ({ticket.number}, {ticket.status.value}); "
        "to take it from them, confirm the take-over (take_over=true)",
    )


def _visit_window(ticket: Ticket, at: datetime, minutes: int) -> AppointmentWindow:
    """The ticket's booked window; without one, any start is within it."""
    if ticket.appointment_starts_at is not None and ticket.appointment_ends_at is not None:
        return AppointmentWindow(ticket.appointment_starts_at, ticket.appointment_ends_at)
    return AppointmentWindow(at, at + timedelta(minutes=minutes))
