"""A desk with a schedule, made through the use cases on a real database, for the window's
dispatch board and the hours dialog: one department, three technicians who work every day
08:00-18:00 with lunch (holidays too), their positions, two visits booked tomorrow on Ann's
day, and two jobs waiting (one with an appointment window).

On a fixed clock (NOW), not today's: "tomorrow" is a working day in Shanghai, where a window is
judged (a window on a public holiday is refused), whatever day the suite runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from conftest import FakeClock
from dispatch_console.domain.schedule import DayHours, TimeSpan, WeeklyHours
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from working_days import eve_of_working_day

ZONE = ZoneInfo("Asia/Shanghai")
SITE = (31.2304, 121.4737)
NEAR = (31.2350, 121.4800)
EVERY_DAY = WeeklyHours(
    tuple(DayHours(time(8), time(18), (TimeSpan(time(12), time(13)),)) for _ in range(7)),
    observes_holidays=False,
)


# the desk's "now": 09:30 on Monday 2 March 2026 (the suite passes from any other start day
# too, National Day and weekends included: eve_of_working_day finds one before a working day)
NOW = eve_of_working_day(date(2026, 3, 2)).astimezone(UTC)


def desk_clock() -> FakeClock:
    """The clock the desk's services and its window read."""
    return FakeClock(NOW)


def tomorrow(hour: int, minute: int = 0) -> datetime:
    day = NOW.astimezone(ZONE).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), ZONE)


@dataclass
class Desk:
    backend: Any  # Services, or a server's RestBackend
    department_id: int
    ann: int
    bob: int
    cai: int
    booked: list[Ticket]  # on Ann's day tomorrow: 09:00 and 14:00
    waiting: Ticket  # window tomorrow 09:00-17:00
    loose: Ticket  # no window


def make_desk(store: SqlStore, role: str = "supervisor") -> Desk:
    """Made by a supervisor; the desk's backend acts for `role`."""
    b = Services(store.unit_of_work, store.feed, Actor("lead", "supervisor"), clock=desk_clock())
    desk = desk_on(b)
    if role != "supervisor":
        desk.backend = b.as_actor(Actor("desk", role))
    return desk


def desk_on(b: Any) -> Desk:
    """The desk made through any backend (a database's services, a server's client) by a
    supervisor or an administrator."""
    dept = b.create_department("黄浦维修组", "HP")
    now = NOW
    ids = []
    for name, phone in (("Ann", "13900000001"), ("Bob", "13900000002"), ("Cai", "13900000003")):
        tech = b.create_technician(name, phone, dept.id, ("printer",))
        b.set_technician_hours(tech.id, EVERY_DAY)
        b.report_position(tech.id, *SITE, 10.0, now)
        ids.append(tech.id)
    tickets = []
    for i, customer_name in enumerate(("外滩大厦", "静安商场", "徐汇学校", "虹桥酒店")):
        customer = b.create_customer(customer_name, [f"1381234{i:04d}"])
        site = b.create_site(f"{customer_name}总部", f"{i} 南京路", *NEAR, customer_id=customer.id)
        draft = TicketDraft(
            "phone",
            "printer",
            "normal",
            "卡纸",
            customer_id=customer.id,
            site_id=site.id,
            department_id=dept.id,
        )
        tickets.append(b.create_ticket(draft))
    booked = [
        b.place_visit(tickets[0].id, tickets[0].version, ids[0], tomorrow(9)).ticket,
        b.place_visit(tickets[1].id, tickets[1].version, ids[0], tomorrow(14)).ticket,
    ]
    waiting = b.set_appointment(tickets[2].id, tickets[2].version, tomorrow(9), tomorrow(17))
    return Desk(b, dept.id, *ids, booked, waiting.ticket, tickets[3])
