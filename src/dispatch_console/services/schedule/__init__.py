"""Appointments and the technicians' days (issue 25): the window agreed with the customer, a
visit placed on a technician's day, the dispatch board's one read, the earliest slots, the
windows offered to customers, working hours and absences. /work/SCHEDULE-API.md"""

from __future__ import annotations

from datetime import datetime

from ...domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
)
from ...domain.schedule.booking import AbsenceAdded, Booking, ScheduleView, SlotOffer
from ...domain.tickets import Ticket
from ..base import Context, UseCases
from ..ticket_changes import TicketChanges


class ScheduleUseCases(UseCases):
    """Appointments, visits on technicians' days, hours and absences."""

    def __init__(self, ctx: Context, changes: TicketChanges) -> None:
        super().__init__(ctx)
        self._changes = changes

    # --- a ticket's window and its visit ---------------------------------------------------
    def set_appointment(
        self,
        ticket_id: int,
        expected_version: int,
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> Booking:
        raise NotImplementedError

    def place_visit(
        self,
        ticket_id: int,
        expected_version: int,
        technician_id: int,
        starts_at: datetime,
        minutes: int | None = None,
    ) -> Booking:
        raise NotImplementedError

    def unplan_visit(self, ticket_id: int, expected_version: int) -> Ticket:
        raise NotImplementedError

    # --- reads -----------------------------------------------------------------------------
    def schedule_board(
        self,
        since: datetime,
        until: datetime,
        department_id: int | None = None,
        technician_id: int | None = None,
    ) -> ScheduleView:
        raise NotImplementedError

    def earliest_slots(
        self,
        ticket_id: int,
        since: datetime | None = None,
        until: datetime | None = None,
        department_id: int | None = None,
        minutes: int | None = None,
        limit: int = 10,
    ) -> SlotOffer:
        raise NotImplementedError

    def offered_windows(
        self,
        site_id: int,
        department_id: int | None = None,
        days: int = 7,
        window_minutes: int = 120,
        visit_minutes: int = 60,
    ) -> list[AppointmentWindow]:
        raise NotImplementedError

    # --- working hours and absences ----------------------------------------------------------
    def department_hours(self, department_id: int) -> DepartmentHours | None:
        raise NotImplementedError

    def set_department_hours(
        self,
        department_id: int,
        week: WeeklyHours,
        timezone: str = "Asia/Shanghai",
        holiday_region: str = "CN",
        expected_version: int | None = None,
    ) -> DepartmentHours:
        raise NotImplementedError

    def technician_hours(self, technician_id: int) -> TechnicianHours | None:
        raise NotImplementedError

    def set_technician_hours(
        self,
        technician_id: int,
        week: WeeklyHours | None,
        expected_version: int | None = None,
    ) -> TechnicianHours | None:
        raise NotImplementedError

    def list_absences(
        self,
        since: datetime,
        until: datetime,
        department_id: int | None = None,
        technician_id: int | None = None,
    ) -> list[Absence]:
        raise NotImplementedError

    def add_absence(
        self,
        technician_id: int,
        kind: AbsenceKind | str,
        starts_at: datetime,
        ends_at: datetime,
        note: str = "",
    ) -> AbsenceAdded:
        raise NotImplementedError

    def remove_absence(self, absence_id: int, expected_version: int) -> None:
        raise NotImplementedError
