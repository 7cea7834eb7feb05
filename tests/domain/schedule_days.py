"""Days to schedule into, shared by the schedule tests: a Monday in Shanghai, People's Square."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    HolidayCalendar,
    PlannedJob,
    Visit,
    WeeklyHours,
)
from dispatch_console.domain.schedule.day import (
    TechnicianDay,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CN = HolidayCalendar("CN")
SINCE = datetime(2026, 3, 2, tzinfo=SHANGHAI)  # a Monday
UNTIL = SINCE + timedelta(days=3)
SITE = (31.2304, 121.4737)
KM = 1 / 111.2  # a kilometre of latitude


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    return SINCE + timedelta(days=day, hours=hour, minutes=minute)


def north(km: float) -> tuple[float, float]:
    return SITE[0] + km * KM, SITE[1]


def job(ticket_id: int, start: datetime, minutes: float = 60, km: float = 0.0) -> PlannedJob:
    lat, lon = north(km)
    return PlannedJob(ticket_id, start, minutes, lat, lon)


def away(start: datetime, end: datetime, kind: AbsenceKind = AbsenceKind.LEAVE) -> Absence:
    return Absence(0, 1, kind, start, end)


def day(
    jobs: tuple[PlannedJob, ...] = (),
    absences: tuple[Absence, ...] = (),
    skills: tuple[str, ...] = ("lift",),
    position: tuple[float, float] | None = SITE,
    technician_id: int = 1,
    week: WeeklyHours | None = None,
) -> TechnicianDay:
    return TechnicianDay.build(
        technician_id,
        skills,
        week or WeeklyHours.office(),
        SHANGHAI,
        SINCE,
        UNTIL,
        calendar=CN,
        absences=absences,
        jobs=jobs,
        position=position,
    )


def visit(
    start: datetime, end: datetime, minutes: float = 60, km: float = 0.0, **kw: object
) -> Visit:
    lat, lon = north(km)
    return Visit(99, lat, lon, minutes, AppointmentWindow(start, end), **kw)  # type: ignore[arg-type]
