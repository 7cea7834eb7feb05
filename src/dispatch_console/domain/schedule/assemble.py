"""From the stored records to the schedule's terms: a technician's day from their hours (own,
else their department's), absences and planned tickets; a ticket's window and visit.

What the services call after loading the rows; no rule of its own beyond which record wins."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from ..desk_zone import DEFAULT_TIMEZONE
from ..model import Site, Technician
from ..tickets import Ticket
from .calendar import DEFAULT_REGION, HolidayCalendar
from .day import TechnicianDay
from .hours import hours_for
from .records import (
    Absence,
    AppointmentWindow,
    DepartmentHours,
    PlannedJob,
    TechnicianHours,
    Visit,
)
from .windows import appointment


def zone_and_calendar(
    department: DepartmentHours | None,
    default_zone: str = DEFAULT_TIMEZONE,
    default_region: str = DEFAULT_REGION,
) -> tuple[ZoneInfo, HolidayCalendar]:
    """Where a department's hours are counted and whose holidays it keeps (the desk's
    defaults for a technician with no department, or a department with no hours set)."""
    if department is None:
        return ZoneInfo(default_zone), HolidayCalendar(default_region)
    return ZoneInfo(department.timezone), HolidayCalendar(department.holiday_region)


def planned_job(ticket: Ticket, site: Site | None) -> PlannedJob | None:
    """The ticket as a bar on its assignee's day, if it is planned and has a site."""
    if ticket.planned_start_at is None or not ticket.planned_minutes or site is None:
        return None
    return PlannedJob(
        ticket.id, ticket.planned_start_at, ticket.planned_minutes, site.lat, site.lon
    )


def visit(
    ticket: Ticket, site: Site, minutes: float, window: AppointmentWindow | None = None
) -> Visit:
    """The ticket as a job to place: its booked window unless another is given (the
    dispatcher's "today", or up to the SLA's arrival deadline)."""
    chosen = window or appointment(ticket)
    if chosen is None:
        raise ValueError(f"ticket {ticket.id} has no appointment window; give one")
    return Visit(
        ticket.id,
        site.lat,
        site.lon,
        minutes,
        chosen,
        ticket.required_skills,
        ticket.arrival_due_at if ticket.arrived_at is None else None,
    )


def technician_day(
    technician: Technician,
    since: datetime,
    until: datetime,
    *,
    own: TechnicianHours | None = None,
    department: DepartmentHours | None = None,
    absences: Iterable[Absence] = (),
    jobs: Iterable[PlannedJob] = (),
    default_zone: str = DEFAULT_TIMEZONE,
    default_region: str = DEFAULT_REGION,
) -> TechnicianDay:
    zone, calendar = zone_and_calendar(department, default_zone, default_region)
    week = hours_for(
        own.week if own else None,
        department.week if department else None,
        technician.work_starts,
        technician.work_ends,
    )
    lat, lon = technician.lat, technician.lon
    return TechnicianDay.build(
        technician.id,
        technician.skills,
        week,
        zone,
        since,
        until,
        calendar=calendar,
        absences=[a for a in absences if a.technician_id == technician.id],
        jobs=list(jobs),
        position=None if lat is None or lon is None else (lat, lon),
    )
