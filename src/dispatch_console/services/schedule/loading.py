"""Loading technicians' days inside a use case's transaction, and checking the values the
schedule's use cases are given (aware datetimes, a bounded horizon)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ...domain.desk_zone import DeskZone
from ...domain.errors import ValidationError
from ...domain.model import Technician
from ...domain.schedule import DepartmentHours, HolidayCalendar
from ...ports import UnitOfWork

if TYPE_CHECKING:  # the days' arithmetic is numpy's: loaded when a use case needs it
    from ...domain.schedule.day import TechnicianDay

MAX_HORIZON = timedelta(days=14)  # the board's and the slot finder's days at most


def aware(value: object, field: str) -> datetime:
    """A date and time with its zone; anything else refused in words."""
    if isinstance(value, str):  # a client that sent text where a datetime belongs
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(field, f"{value!r} is not a date and time") from None
    if not isinstance(value, datetime):
        raise ValidationError(field, f"{value!r} is not a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            field, f"{value.isoformat()} has no time zone; give one (e.g. +08:00)"
        )
    return value


def period(
    since: object, until: object, limit: timedelta = MAX_HORIZON
) -> tuple[datetime, datetime]:
    start, end = aware(since, "since"), aware(until, "until")
    if end <= start:
        raise ValidationError("until", "the period must end after it starts")
    if end - start > limit:
        raise ValidationError("until", f"a period may span at most {limit.days} days")
    return start, end


def count(value: object, field: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValidationError(field, f"must be a whole number from {lo} to {hi}")
    return value


def department_zone(
    uow: UnitOfWork, department_id: int | None, desk: DeskZone
) -> tuple[ZoneInfo, HolidayCalendar, DepartmentHours | None]:
    """Where a department counts its hours and whose holidays it keeps: the desk's zone and
    holidays without a department or hours set."""
    hours = None
    if department_id is not None:
        hours = uow.working_hours((), (department_id,))[1].get(department_id)
    if hours is None:
        return desk.zone, HolidayCalendar(desk.holiday_region), None
    return ZoneInfo(hours.timezone), HolidayCalendar(hours.holiday_region), hours


def load_days(
    uow: UnitOfWork,
    technicians: Sequence[Technician],
    since: datetime,
    until: datetime,
    desk: DeskZone,
) -> dict[int, TechnicianDay]:
    """The technicians' days over [since, until): their hours (own, else their department's),
    absences and open planned visits, as every check reads them; counted in the desk's zone
    and holidays where a department has no hours set."""
    from ...domain.schedule.assemble import technician_day

    ids = [t.id for t in technicians]
    departments = {t.department_id for t in technicians if t.department_id is not None}
    own, theirs = uow.working_hours(ids, departments)
    absences = uow.absences_between(ids, since, until)
    jobs = uow.planned_jobs(ids, since, until)
    return {
        t.id: technician_day(
            t,
            since,
            until,
            own=own.get(t.id),
            department=None if t.department_id is None else theirs.get(t.department_id),
            absences=absences.get(t.id, ()),
            jobs=jobs.get(t.id, ()),
            default_zone=desk.timezone,
            default_region=desk.holiday_region,
        )
        for t in technicians
    }


def ticket_zone(uow: UnitOfWork, department_id: int | None, desk: DeskZone) -> ZoneInfo:
    """The clock a ticket's times are told to its customer and staff in: its department's
    when the department has hours set, else the desk's."""
    return department_zone(uow, department_id, desk)[0]
