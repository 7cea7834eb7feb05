"""Whether a window a customer asks for can be booked at all (over already, a public holiday)
and whether it meets the SLA: no technician's day needed, so no numpy, and the ticket form can
check a window as it is typed without loading the slot finder."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..tickets import Ticket
from .calendar import HolidayCalendar
from .problems import Conflict, ConflictKind
from .records import AppointmentWindow


def window_problems(
    window: AppointmentWindow,
    now: datetime,
    calendar: HolidayCalendar,
    zone: ZoneInfo,
    arrival_due_at: datetime | None = None,
) -> list[Conflict]:
    """What is wrong with a window a customer asks for: over already, on a public holiday (any
    local day it touches), or too late for the SLA's arrival deadline (a warning). A window
    already begun but not over is fine: the rest of it is still bookable."""
    out: list[Conflict] = []
    if window.ends_at <= now:
        ended = f"{window.ends_at:%Y-%m-%d %H:%M %Z}"
        out.append(
            Conflict(
                ConflictKind.IN_PAST,
                f"the window ended at {ended}, before now",
                starts_at=window.starts_at,
                ends_at=window.ends_at,
            )
        )
    day = window.starts_at.astimezone(zone).date()
    last = (window.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    while day <= last:
        name = calendar.holiday_name(day)
        if name is not None:
            begins = datetime(day.year, day.month, day.day, tzinfo=zone)
            out.append(
                Conflict(
                    ConflictKind.PUBLIC_HOLIDAY,
                    f"{day:%Y-%m-%d} is a public holiday in {calendar.region} ({name})",
                    starts_at=begins,
                    ends_at=begins + timedelta(days=1),
                )
            )
        day += timedelta(days=1)
    if arrival_due_at is not None and window.starts_at > arrival_due_at:
        out.append(
            Conflict(
                ConflictKind.MISSES_SLA,
                f"the window starts after the SLA's arrival "
                f"deadline ({arrival_due_at:%Y-%m-%d %H:%M %Z})",
                starts_at=arrival_due_at,
            )
        )
    return out


def appointment(ticket: Ticket) -> AppointmentWindow | None:
    """The window agreed on the ticket, if any."""
    if ticket.appointment_starts_at is None or ticket.appointment_ends_at is None:
        return None
    return AppointmentWindow(ticket.appointment_starts_at, ticket.appointment_ends_at)
