"""Appointments and the technicians' days (issue 25): the window agreed with the customer, a
visit placed on a technician's day, the dispatch board's one read, the earliest slots, the
windows offered to customers, working hours and absences. /work/SCHEDULE-API.md"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ...domain.desk_zone import DEFAULT_TIMEZONE
from ...domain.errors import PermissionDenied, ValidationError
from ...domain.lifecycle import OPEN_STATES
from ...domain.model import Department, Site, Technician
from ...domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
)
from ...domain.schedule.booking import (
    AbsenceAdded,
    Booking,
    ScheduleView,
    SlotOffer,
)
from ...domain.schedule.calendar import DEFAULT_REGION
from ...domain.tickets import Ticket
from ..base import Context, UseCases, check_version
from ..policy import DESK, OWN_RECORD, SUPERVISORS, allow
from ..ticket_changes import TicketChanges, audit_snapshot
from . import hours as hours_rules
from .checks import appointment_window, judge_window
from .loading import count, period
from .offers import offer_windows, slot_offer
from .visits import MAX_VISIT_MINUTES, place_in

if TYPE_CHECKING:  # numpy's, loaded by the first question that needs days
    from ..slot_days import SlotDays

MAX_UNSCHEDULED = 500


class ScheduleUseCases(UseCases):
    """Appointments, visits on technicians' days, hours and absences."""

    def __init__(self, ctx: Context, changes: TicketChanges) -> None:
        super().__init__(ctx)
        self._changes = changes

    # --- a ticket's window and its visit ---------------------------------------------------
    @allow(DESK)
    def set_appointment(
        self,
        ticket_id: int,
        expected_version: int,
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> Booking:
        """The window agreed with the customer (both None: none). In the past or on a public
        holiday: refused; after the SLA's arrival deadline: booked, with that warning."""
        check_version(expected_version)
        window = appointment_window(starts_at, ends_at)
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            _open(ticket)
            warnings = (
                [] if window is None else judge_window(uow, window, ticket, self._now(), self.desk)
            )
            before = audit_snapshot(ticket)
            previous = {
                "previous_starts_at": ticket.appointment_starts_at,
                "previous_ends_at": ticket.appointment_ends_at,
            }
            if window is None:
                ticket.appointment_starts_at = ticket.appointment_ends_at = None
                kind, extra = "appointment_cleared", previous
            else:
                ticket.appointment_starts_at = window.starts_at
                ticket.appointment_ends_at = window.ends_at
                kind = "appointment_set"
                extra = {"starts_at": window.starts_at, "ends_at": window.ends_at, **previous}
            saved = self._changes.save(uow, ticket, expected_version, before, kind, extra=extra)
            uow.commit()
        return Booking(saved, warnings)

    @allow(DESK)
    def place_visit(
        self,
        ticket_id: int,
        expected_version: int,
        technician_id: int,
        starts_at: datetime,
        minutes: int | None = None,
        take_over: bool = False,
    ) -> Booking:
        """Put the ticket's visit on the technician's day from `starts_at`, assigning it to
        them if it is not theirs yet. A job another technician has accepted or is on the way
        to is taken from them only with `take_over` (ValidationError naming them otherwise).
        Two desks booking one technician at once: the second
        waits for the first, then sees its booking (ScheduleConflict, OVERLAP)."""
        check_version(expected_version)
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            booked = place_in(
                uow, self._changes, ticket, technician_id, starts_at, minutes,
                desk=self.desk, take_over=take_over is True,
            )  # fmt: skip
            uow.commit()
        return booked

    @allow(DESK)
    def unplan_visit(self, ticket_id: int, expected_version: int) -> Ticket:
        """Take the visit off its technician's day (the ticket stays theirs)."""
        check_version(expected_version)
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            if ticket.planned_start_at is None and ticket.planned_minutes is None:
                return ticket
            before = audit_snapshot(ticket)
            extra = {
                "technician_id": ticket.assignee_id,
                "previous_starts_at": ticket.planned_start_at,
                "previous_minutes": ticket.planned_minutes,
            }
            ticket.planned_start_at = ticket.planned_minutes = None
            saved = self._changes.save(
                uow, ticket, expected_version, before, "visit_unplanned", extra=extra
            )
            uow.commit()
            return saved

    # --- reads -----------------------------------------------------------------------------
    @allow(DESK, technician=OWN_RECORD)
    def schedule_board(
        self,
        since: datetime,
        until: datetime,
        department_id: int | None = None,
        technician_id: int | None = None,
    ) -> ScheduleView:
        """What the dispatch board shows, in one answer: the technicians (of the department,
        or all, or the one), their hours, absences, planned visits and the jobs waiting."""
        start, end = period(since, until)
        if self.actor.role == "technician" and technician_id != self.actor.technician_id:
            raise PermissionDenied("a technician sees their own day only")
        with self._uow(read_only=True) as uow:
            if technician_id is not None:
                techs = [uow.get(Technician, technician_id)]
            else:
                if department_id is not None:
                    uow.get(Department, department_id)
                techs = uow.technicians(department_id)
            ids = [t.id for t in techs]
            departments = {t.department_id for t in techs if t.department_id is not None}
            own, theirs = uow.working_hours(ids, departments)
            absences = uow.absences_between(ids, start, end)
            waiting = (
                [] if technician_id is not None
                else uow.waiting_bars(department_id, MAX_UNSCHEDULED)
            )  # fmt: skip
            return ScheduleView(
                start,
                end,
                techs,
                list(theirs.values()),
                list(own.values()),
                [a for t in ids for a in absences.get(t, ())],
                uow.planned_bars(ids, start, end),
                waiting,
                self.desk.timezone,
                self.desk.holiday_region,
            )

    @allow(DESK)
    def earliest_slots(
        self,
        ticket_id: int,
        since: datetime | None = None,
        until: datetime | None = None,
        department_id: int | None = None,
        minutes: int | None = None,
        limit: int = 10,
    ) -> SlotOffer:
        """The first minute each technician (the department's, or all) can be on the ticket's
        site within its window (or [since, until) without one): the earliest first."""
        if minutes is not None:
            count(minutes, "minutes", 1, MAX_VISIT_MINUTES)
        count(limit, "limit", 1, 1000)
        with self._uow(read_only=True) as uow:
            return slot_offer(
                uow, uow.get(Ticket, ticket_id), self._now(), since, until, department_id,
                minutes, limit, self.desk, self._kept_days(),
            )  # fmt: skip

    @allow(DESK)
    def offered_windows(
        self,
        site_id: int,
        department_id: int | None = None,
        days: int = 7,
        window_minutes: int = 120,
        visit_minutes: int = 60,
    ) -> list[AppointmentWindow]:
        """Windows a customer may pick for a visit to the site (the QR page): within working
        hours over the next days, not on holidays, where some technician has room."""
        count(days, "days", 1, 14)
        count(window_minutes, "window_minutes", 30, 8 * 60)
        count(visit_minutes, "visit_minutes", 1, 8 * 60)
        with self._uow(read_only=True) as uow:
            return offer_windows(
                uow, uow.get(Site, site_id), self._now(), department_id, days,
                window_minutes, visit_minutes, self.desk, self._kept_days(),
            )  # fmt: skip

    def _kept_days(self) -> SlotDays | None:
        """The days kept between questions (ranking's too); none inside another use case's
        transaction, whose reads may yet be rolled back."""
        from ..slot_days import slot_days

        return None if self._ctx.nested else slot_days(self._shared)

    # --- working hours and absences ----------------------------------------------------------
    @allow(DESK)
    def department_hours(self, department_id: int) -> DepartmentHours | None:
        with self._uow(read_only=True) as uow:
            return hours_rules.department_hours(uow, department_id)

    @allow(SUPERVISORS)
    def set_department_hours(
        self,
        department_id: int,
        week: WeeklyHours,
        timezone: str = DEFAULT_TIMEZONE,
        holiday_region: str = DEFAULT_REGION,
        expected_version: int | None = None,
    ) -> DepartmentHours:
        """A department's default week, time zone and holidays (supervisors)."""
        with self._uow() as uow:
            saved = hours_rules.set_department_hours(
                uow, self._ctx, department_id, week, timezone, holiday_region, expected_version
            )
            uow.commit()
            return saved

    @allow(DESK, technician=OWN_RECORD)
    def technician_hours(self, technician_id: int) -> TechnicianHours | None:
        with self._uow(read_only=True) as uow:
            uow.get(Technician, technician_id)
            return uow.working_hours((technician_id,), ())[0].get(technician_id)

    @allow(SUPERVISORS)
    def set_technician_hours(
        self,
        technician_id: int,
        week: WeeklyHours | None,
        expected_version: int | None = None,
    ) -> TechnicianHours | None:
        """A technician's own week (None: their department's again) (supervisors)."""
        with self._uow() as uow:
            saved = hours_rules.set_technician_hours(
                uow, self._ctx, technician_id, week, expected_version
            )
            uow.commit()
            return saved

    @allow(DESK)
    def list_absences(
        self,
        since: datetime,
        until: datetime,
        department_id: int | None = None,
        technician_id: int | None = None,
    ) -> list[Absence]:
        start, end = period(since, until, timedelta(days=366))
        with self._uow(read_only=True) as uow:
            if technician_id is not None:
                ids = [uow.get(Technician, technician_id).id]
            else:
                ids = [t.id for t in uow.technicians(department_id)]
            found = uow.absences_between(ids, start, end)
            return [a for t in ids for a in found.get(t, ())]

    @allow(SUPERVISORS)
    def add_absence(
        self,
        technician_id: int,
        kind: AbsenceKind | str,
        starts_at: datetime,
        ends_at: datetime,
        note: str = "",
    ) -> AbsenceAdded:
        """Leave, sickness, training (supervisors). Kept even over planned visits: those come
        back with it, to be moved."""
        with self._uow() as uow:
            added = hours_rules.add_absence(
                uow, self._ctx, technician_id, kind, starts_at, ends_at, note
            )
            uow.commit()
            return added

    @allow(SUPERVISORS)
    def remove_absence(self, absence_id: int, expected_version: int) -> None:
        check_version(expected_version)
        with self._uow() as uow:
            hours_rules.remove_absence(uow, self._ctx, absence_id, expected_version)
            uow.commit()


def _open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATES:
        raise ValidationError(
            "ticket", f"{ticket.number} is {ticket.status.value}: there is no visit to book"
        )
