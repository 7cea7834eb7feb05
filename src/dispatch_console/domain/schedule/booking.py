"""What the schedule's use cases answer, as plain values the ports and the REST layer carry
(no numpy here: `ScheduleView.day` builds a technician's day on demand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..desk_zone import DEFAULT_TIMEZONE
from ..model import Technician
from ..tickets import Ticket, TicketRow
from .answers import Miss, Slot
from .bars import BoardRow
from .calendar import DEFAULT_REGION
from .problems import Conflict, ConflictKind
from .records import Absence, AppointmentWindow, DepartmentHours, PlannedJob, TechnicianHours

if TYPE_CHECKING:
    from .day import TechnicianDay

DEFAULT_VISIT_MINUTES = 60  # a visit planned without its length


@dataclass(slots=True)
class Booking:
    """A window set or a visit placed: the ticket as saved, and what was allowed but should
    be said (`MISSES_SLA`: the window or the arrival is after the SLA's arrival deadline)."""

    ticket: Ticket
    warnings: list[Conflict] = field(default_factory=list)


@dataclass(slots=True)
class AbsenceAdded:
    """An absence entered, and the open planned visits of that technician it clashes with
    (to move: the absence is kept anyway)."""

    absence: Absence
    overlapping: list[TicketRow] = field(default_factory=list)


@dataclass(slots=True)
class SlotOffer:
    """The earliest slot of each technician asked about for one ticket: `slots` earliest
    first, `misses` why each of the others has none; within `window`, for `minutes`."""

    ticket_id: int
    window: AppointmentWindow
    minutes: int
    slots: list[Slot] = field(default_factory=list)
    misses: dict[int, Miss] = field(default_factory=dict)


@dataclass(slots=True)
class ScheduleView:
    """Everything the dispatch board shows for some technicians over [since, until), in one
    answer: who, their hours (own and their departments'), absences, the open planned visits
    (`BoardRow`s: customer, number, status, window, SLA due, the site's position) and the
    open jobs not yet planned. Hours not set fall back to the desk's zone and holidays."""

    since: datetime
    until: datetime
    technicians: list[Technician] = field(default_factory=list)
    department_hours: list[DepartmentHours] = field(default_factory=list)
    technician_hours: list[TechnicianHours] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    planned: list[BoardRow] = field(default_factory=list)
    unscheduled: list[BoardRow] = field(default_factory=list)
    default_timezone: str = DEFAULT_TIMEZONE
    default_region: str = DEFAULT_REGION

    def day(self, technician_id: int) -> TechnicianDay:
        """One technician's days as the board and the checks read them."""
        from .assemble import technician_day

        tech = next(t for t in self.technicians if t.id == technician_id)
        own = next((h for h in self.technician_hours if h.technician_id == technician_id), None)
        dept = next(
            (h for h in self.department_hours if h.department_id == tech.department_id), None
        )
        jobs = [
            job
            for row in self.planned
            if row.ticket.assignee_id == technician_id and (job := planned_on_board(row))
        ]
        return technician_day(
            tech,
            self.since,
            self.until,
            own=own,
            department=dept,
            absences=[a for a in self.absences if a.technician_id == technician_id],
            jobs=jobs,
            default_zone=self.default_timezone,
            default_region=self.default_region,
        )

    def days(self) -> list[TechnicianDay]:
        """Every technician's days, as `day` builds each; the rows are grouped once (`day`
        alone walks them all: 200 technicians x 2,000 visits took a quarter of a second)."""
        from .assemble import technician_day

        own = {h.technician_id: h for h in self.technician_hours}
        theirs = {h.department_id: h for h in self.department_hours}
        jobs: dict[int, list[PlannedJob]] = {}
        for row in self.planned:
            job = planned_on_board(row)
            if job is not None and row.ticket.assignee_id is not None:
                jobs.setdefault(row.ticket.assignee_id, []).append(job)
        away: dict[int, list[Absence]] = {}
        for a in self.absences:
            away.setdefault(a.technician_id, []).append(a)
        return [
            technician_day(
                t,
                self.since,
                self.until,
                own=own.get(t.id),
                department=None if t.department_id is None else theirs.get(t.department_id),
                absences=away.get(t.id, []),
                jobs=jobs.get(t.id, []),
                default_zone=self.default_timezone,
                default_region=self.default_region,
            )
            for t in self.technicians
        ]


def planned_on_board(row: BoardRow) -> PlannedJob | None:
    """A queue line as a bar on its assignee's day (planned, with a site), else None."""
    t = row.ticket
    if t.planned_start_at is None or not t.planned_minutes:
        return None
    if row.site_lat is None or row.site_lon is None:
        return None
    return PlannedJob(t.id, t.planned_start_at, t.planned_minutes, row.site_lat, row.site_lon)


def sla_warning(ticket: Ticket) -> Conflict | None:
    """The warning a ticket's booked window carries: it starts after the SLA's arrival
    deadline (what `create_ticket` with a window cannot return beside the ticket)."""
    due, start = ticket.arrival_due_at, ticket.appointment_starts_at
    if due is None or start is None or ticket.arrived_at is not None or start <= due:
        return None
    return Conflict(
        ConflictKind.MISSES_SLA,
        f"the window starts after the SLA's arrival deadline ({due:%Y-%m-%d %H:%M %Z})",
        starts_at=due,
    )
