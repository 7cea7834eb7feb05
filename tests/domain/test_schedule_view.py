"""The board's answer builds every technician's days at once exactly as it builds one."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from dispatch_console.domain.enums import Priority, TicketStatus
from dispatch_console.domain.model import Technician
from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
)
from dispatch_console.domain.schedule.bars import BoardRow, BoardTicket
from dispatch_console.domain.schedule.booking import ScheduleView
from dispatch_console.domain.tickets import Ticket

SINCE = datetime(2026, 3, 1, 16, tzinfo=UTC)  # Monday 2 March, midnight in Shanghai


def test_all_days_at_once_are_each_technicians_own() -> None:
    rng = random.Random(25)
    techs = [
        Technician(i, f"T{i}", "139", (i % 3) or None, lat=31.2, lon=121.4) for i in range(1, 13)
    ]
    rows = []
    for k in range(120):
        start = SINCE + timedelta(days=k % 3, hours=rng.randint(9, 16))
        ticket = Ticket(
            k + 1, "phone", "printer", Priority.NORMAL, TicketStatus.ASSIGNED, "x", SINCE, SINCE,
            assignee_id=rng.choice([t.id for t in techs] + [None]),
            planned_start_at=start if k % 7 else None, planned_minutes=45,
        )  # fmt: skip
        rows.append(
            BoardRow(BoardTicket.of(ticket), site_lat=31.2 + rng.random() / 50, site_lon=121.4)
        )
    rng.shuffle(rows)
    view = ScheduleView(
        SINCE,
        SINCE + timedelta(days=3),
        techs,
        department_hours=[DepartmentHours(1, 1, WeeklyHours.office())],
        technician_hours=[TechnicianHours(1, 5, WeeklyHours.office(working_days=6))],
        absences=[Absence(1, 4, AbsenceKind.LEAVE, SINCE, SINCE + timedelta(days=1))],
        planned=rows,
    )
    together = view.days()
    one_by_one = [view.day(t.id) for t in techs]
    assert [d.technician_id for d in together] == [t.id for t in techs]
    for a, b in zip(together, one_by_one, strict=True):
        assert (a.jobs, a.shifts, a.breaks, a.absences) == (b.jobs, b.shifts, b.breaks, b.absences)
    assert sum(len(d.jobs) for d in together) > 60
