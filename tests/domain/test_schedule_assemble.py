"""From stored records to a technician's day and a ticket's visit."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from dispatch_console.domain.enums import Channel, Priority, TicketStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.model import Site, Technician
from dispatch_console.domain.schedule import (
    AbsenceKind,
    AppointmentWindow,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
)
from dispatch_console.domain.schedule.assemble import (
    appointment,
    planned_job,
    technician_day,
    visit,
    zone_and_calendar,
)
from dispatch_console.domain.tickets import Ticket

from .schedule_days import SINCE, UNTIL, at, away

SITE = Site(3, "Plaza 66", "1266 Nanjing Rd W", 31.2304, 121.4737)


def technician(**kw: object) -> Technician:
    fields: dict[str, object] = {"lat": 31.2, "lon": 121.4, **kw}
    return Technician(7, "朱伟", "+8613900001234", 2, ("lift",), **fields)  # type: ignore[arg-type]


def ticket(**kw: object) -> Ticket:
    return Ticket(
        41,
        Channel.PHONE,
        "lift",
        Priority.HIGH,
        TicketStatus.ASSIGNED,
        "stuck",
        at(8),
        at(8),
        site_id=SITE.id,
        required_skills=("lift",),
        **kw,
    )  # type: ignore[arg-type]


def hours_of(day: object) -> list[tuple[str, str]]:
    shifts = day.shifts  # type: ignore[attr-defined]
    return [
        (
            f"{s.starts_at.astimezone(SINCE.tzinfo):%a %H:%M}",
            f"{s.ends_at.astimezone(SINCE.tzinfo):%H:%M}",
        )
        for s in shifts
    ]


def test_own_hours_win_over_the_departments_which_win_over_start_and_end() -> None:
    dept = DepartmentHours(1, 2, WeeklyHours.office(time(9), time(18)))
    own = TechnicianHours(1, 7, WeeklyHours.office(time(7), time(15)))
    tech = technician(work_starts=time(10), work_ends=time(16))
    assert hours_of(technician_day(tech, SINCE, UNTIL, own=own, department=dept))[0] == (
        "Mon 07:00",
        "15:00",
    )
    assert hours_of(technician_day(tech, SINCE, UNTIL, department=dept))[0] == (
        "Mon 09:00",
        "18:00",
    )
    assert hours_of(technician_day(tech, SINCE, UNTIL))[0] == ("Mon 10:00", "16:00")


def test_only_their_own_absences_and_their_position() -> None:
    mine = away(at(9), at(12), AbsenceKind.LEAVE)
    theirs = away(at(13), at(15))
    theirs.technician_id = 8
    mine.technician_id = 7
    plan = technician_day(technician(), SINCE, UNTIL, absences=[mine, theirs])
    assert plan.absences == (mine,)
    assert (plan.lat, plan.lon) == (31.2, 121.4)
    assert technician_day(technician(lat=None, lon=None), SINCE, UNTIL).lat is None


def test_a_departments_zone_and_region() -> None:
    zone, calendar = zone_and_calendar(
        DepartmentHours(1, 2, WeeklyHours.office(), "Asia/Hong_Kong", "hk")
    )
    assert (zone.key, calendar.region) == ("Asia/Hong_Kong", "HK")
    zone, calendar = zone_and_calendar(None)
    assert (zone.key, calendar.region) == ("Asia/Shanghai", "CN")
    with pytest.raises(ValidationError, match="time zone"):
        DepartmentHours(1, 2, WeeklyHours.office(), "Mars/Olympus")
    with pytest.raises(ValidationError, match="region"):
        DepartmentHours(1, 2, WeeklyHours.office(), "Asia/Shanghai", "ZZ")


def test_a_ticket_planned_and_booked() -> None:
    booked = ticket(
        appointment_starts_at=at(14),
        appointment_ends_at=at(18),
        planned_start_at=at(15),
        planned_minutes=90,
        arrival_due_at=at(20),
    )
    assert appointment(booked) == AppointmentWindow(at(14), at(18))
    job = planned_job(booked, SITE)
    assert (
        job is not None and job.ends_at == at(16, 30) and (job.lat, job.lon) == (31.2304, 121.4737)
    )
    v = visit(booked, SITE, 60)
    assert (v.window.starts_at, v.required_skills, v.arrival_due_at) == (at(14), ("lift",), at(20))
    assert planned_job(ticket(), SITE) is None
    assert planned_job(booked, None) is None


def test_a_ticket_with_no_window_needs_one_given() -> None:
    with pytest.raises(ValueError, match="no appointment window"):
        visit(ticket(), SITE, 60)
    today = AppointmentWindow(
        datetime(2026, 3, 2, 1, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)
    )
    assert visit(ticket(arrived_at=at(9)), SITE, 60, today).arrival_due_at is None
    assert today.ends_at - today.starts_at == timedelta(hours=8)
