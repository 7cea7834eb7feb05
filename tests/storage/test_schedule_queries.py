"""What the board and the slot finder load, on SQLite and PostgreSQL: planned visits in some
days (open ones, running into them included), absences overlapping them, working hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from dispatch_console.domain.enums import Channel, Priority, TicketStatus
from dispatch_console.domain.model import Site, Technician
from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
)
from dispatch_console.domain.schedule.bars import BoardTicket
from dispatch_console.domain.tickets import Ticket
from dispatch_console.storage.bulk import bulk_seed
from dispatch_console.storage.schedule_queries import (
    absences_between,
    planned_bars,
    planned_jobs,
    waiting_bars,
    working_hours,
)
from dispatch_console.storage.store import SqlStore

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
SINCE = datetime(2026, 12, 7, tzinfo=UTC)
UNTIL = SINCE + timedelta(days=3)


def _ticket(
    site: Site,
    assignee: int,
    start: datetime | None,
    minutes: int | None,
    status: TicketStatus = TicketStatus.ASSIGNED,
) -> Ticket:
    return Ticket(
        0,
        Channel.PHONE,
        "lift",
        Priority.NORMAL,
        status,
        "stuck",
        NOW,
        NOW,
        site_id=site.id,
        assignee_id=assignee,
        planned_start_at=start,
        planned_minutes=minutes,
    )


def test_the_days_of_some_technicians(store: SqlStore) -> None:
    store.upgrade()
    bulk_seed(store, 40, 0, progress=lambda *_: None, now=NOW)
    with store.unit_of_work() as uow:
        a, b, c = uow.find(Technician, limit=3)
        site = uow.find(Site, limit=1)[0]
        planned = {
            "overnight": _ticket(site, a.id, SINCE - timedelta(hours=1), 120),
            "over_before": _ticket(site, a.id, SINCE - timedelta(hours=3), 60),
            "later": _ticket(site, a.id, SINCE + timedelta(hours=5), 45),
            "first": _ticket(site, a.id, SINCE + timedelta(hours=2), 60),
            "done": _ticket(site, a.id, SINCE + timedelta(hours=3), 60, TicketStatus.RESOLVED),
            "beyond": _ticket(site, a.id, UNTIL, 60),
            "unplanned": _ticket(site, a.id, None, None),
            "other": _ticket(site, b.id, SINCE + timedelta(hours=2), 30),
            "not_asked": _ticket(site, c.id, SINCE + timedelta(hours=2), 30),
        }
        planned["first"].required_skills = ("lift", "electrical")
        planned["first"].appointment_starts_at = SINCE + timedelta(hours=1)
        planned["first"].appointment_ends_at = SINCE + timedelta(hours=4)
        planned["first"].arrival_due_at = SINCE + timedelta(hours=3)
        for t in planned.values():
            uow.add(t)
        sick = uow.add(
            Absence(
                0,
                a.id,
                AbsenceKind.SICKNESS,
                SINCE + timedelta(days=1),
                SINCE + timedelta(days=2),
                created_at=NOW,
            )
        )
        uow.add(Absence(0, a.id, AbsenceKind.LEAVE, SINCE - timedelta(days=5), SINCE))
        own = uow.add(TechnicianHours(0, a.id, WeeklyHours.office(time(7), time(16))))
        dept = uow.add(DepartmentHours(0, b.department_id, WeeklyHours.office()))  # type: ignore[arg-type]
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        jobs = planned_jobs(uow.session, [a.id, b.id], SINCE, UNTIL)
        away = absences_between(uow.session, [a.id, b.id], SINCE, UNTIL)
        hours = working_hours(uow.session, [a.id, b.id], [b.department_id])  # type: ignore[list-item]
        bars = planned_bars(uow.core, [a.id, b.id], SINCE, UNTIL)
        waiting = waiting_bars(uow.core, None, 500)
        whole = {t.id: uow.get(Ticket, t.id) for t in planned.values()}
    ids = {name: t.id for name, t in planned.items()}
    assert [j.ticket_id for j in jobs[a.id]] == [ids["overnight"], ids["first"], ids["later"]]
    assert [j.ticket_id for j in jobs[b.id]] == [ids["other"]]
    assert c.id not in jobs
    first = jobs[a.id][1]
    assert (first.starts_at, first.minutes, first.lat, first.lon) == (
        SINCE + timedelta(hours=2),
        60,
        site.lat,
        site.lon,
    )
    assert away == {a.id: [sick]}
    assert hours == ({a.id: own}, {b.department_id: dept})
    # the board's bars are the same visits, in the same order, read from a few columns: each
    # field is the whole ticket's, and the site is the ticket's
    assert [r.ticket.id for r in bars] == [j.ticket_id for t in (a, b) for j in jobs[t.id]]
    for row in bars:
        assert row.ticket == BoardTicket.of(whole[row.ticket.id])
        assert (row.site_name, row.site_lat, row.site_lon) == (site.name, site.lat, site.lon)
    assert bars[1].ticket.required_skills == ("lift", "electrical")
    assert bars[1].ticket.number == whole[ids["first"]].number
    assert bars[1].ticket.sla_clocks() == whole[ids["first"]].sla_clocks()
    # a job on no one's day waits; a planned, a finished one does not
    waiting_ids = [r.ticket.id for r in waiting]
    assert ids["unplanned"] in waiting_ids
    assert not {ids["first"], ids["done"], ids["other"]} & set(waiting_ids)
    (unplanned,) = [r for r in waiting if r.ticket.id == ids["unplanned"]]
    assert unplanned.ticket == BoardTicket.of(whole[ids["unplanned"]])
