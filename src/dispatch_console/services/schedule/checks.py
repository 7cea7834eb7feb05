"""The appointment window's checks, shared by `set_appointment` and a new ticket's draft."""

from __future__ import annotations

from datetime import datetime

from ...domain.desk_zone import DeskZone
from ...domain.errors import ValidationError
from ...domain.schedule import AppointmentWindow
from ...domain.schedule.problems import Conflict
from ...domain.schedule.windows import window_problems
from ...domain.tickets import Ticket
from ...ports import UnitOfWork
from .loading import aware, department_zone


def appointment_window(starts_at: object, ends_at: object) -> AppointmentWindow | None:
    """The window asked for, or None to clear it; refused in words when only half given,
    naive, ending before it starts or longer than a month."""
    if starts_at is None and ends_at is None:
        return None
    if starts_at is None or ends_at is None:
        raise ValidationError("appointment", "give both the start and the end of the window")
    start, end = aware(starts_at, "appointment.starts_at"), aware(ends_at, "appointment.ends_at")
    return AppointmentWindow(start, end)


def judge_window(
    uow: UnitOfWork, window: AppointmentWindow, ticket: Ticket, now: datetime, desk: DeskZone
) -> list[Conflict]:
    """A window for this ticket, judged in its department's zone and holidays: over already,
    or on a public holiday, refused (ValidationError, in words); the warnings returned (it
    starts after the SLA's arrival deadline)."""
    zone, calendar, _ = department_zone(uow, ticket.department_id, desk)
    due = ticket.arrival_due_at if ticket.arrived_at is None else None
    problems = window_problems(window, now, calendar, zone, due)
    refused = [p for p in problems if p.blocking]
    if refused:
        raise ValidationError("appointment", "; ".join(p.detail for p in refused))
    return problems
