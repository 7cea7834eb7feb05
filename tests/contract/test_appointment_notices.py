"""A booked visit's customer hears of it: a confirmation at once, a reminder the evening before
and on the morning, each once, whatever restarts; nothing of a window that was moved or a visit
that was cancelled; a technician running late tells the customer and the ticket's supervisors."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from conftest import FakeClock
from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import PermissionDenied, ValidationError
from dispatch_console.domain.notifications import Delivery, Notification
from dispatch_console.domain.notify_templates import DEFAULT_ZONE
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import START, Make

SENDER = Actor("notifier", "admin")


def sh(day: int, hour: int) -> datetime:
    """A time in March 2026 on the customer's (Shanghai) clock; START is 03-02 17:00 there."""
    return datetime(2026, 3, day, hour, tzinfo=DEFAULT_ZONE)


def _job(backend: Services, make: Make, language: str = "zh_CN") -> Ticket:
    customer = backend.create_customer(
        "李雷", ["13812345678"], email="li.lei@example.cn", language=language
    )
    ticket, _tech, _site = make.job(customer=customer)
    return ticket


def book(
    backend: Services, ticket: Ticket, starts_at: datetime | None, ends_at: datetime | None
) -> Ticket:
    return backend.set_appointment(
        ticket.id, backend.get_ticket(ticket.id).version, starts_at, ends_at
    ).ticket


def _visit_notices(backend: Services, ticket_id: int) -> list[Notification]:
    visit = {"appointment", "reminder_eve", "reminder_morning"}
    return [n for n in backend.list_notifications(ticket_id) if n.moment.value in visit]


def _pending(backend: Services, ticket_id: int) -> Counter[tuple[str, datetime]]:
    return Counter(
        (n.moment.value, n.next_attempt_at)
        for n in _visit_notices(backend, ticket_id)
        if n.status.value == "pending"
    )


def test_a_booking_is_confirmed_now_and_reminded_the_evening_before_and_that_morning(
    backend: Services, make: Make
) -> None:
    ticket = _job(backend, make)
    book(backend, ticket, sh(4, 14), sh(4, 16))
    assert _pending(backend, ticket.id) == Counter(
        {("appointment", START): 2, ("reminder_eve", sh(3, 18)): 2,
         ("reminder_morning", sh(4, 8)): 2}
    )  # fmt: skip  # e-mail and SMS each
    sms = {n.moment.value: n.body for n in _visit_notices(backend, ticket.id) if n.channel == "sms"}
    assert sms["appointment"].startswith("预约已确认：维修师傅将于03-04 14:00-16:00上门")
    assert "明天03-04 14:00-16:00" in sms["reminder_eve"]
    assert "今天03-04 14:00-16:00" in sms["reminder_morning"]


def test_an_english_customer_reads_english(backend: Services, make: Make) -> None:
    ticket = _job(backend, make, language="en")
    book(backend, ticket, sh(4, 14), sh(4, 16))
    subjects = {n.subject for n in _visit_notices(backend, ticket.id) if n.channel == "email"}
    number = ticket.number
    assert subjects == {f"Visit booked: {number}", f"Visit tomorrow: {number}",
                        f"Visit today: {number}"}  # fmt: skip


def test_a_moved_window_withdraws_the_old_reminders_and_is_confirmed_again(
    backend: Services, make: Make
) -> None:
    ticket = _job(backend, make)
    book(backend, ticket, sh(4, 14), sh(4, 16))
    book(backend, ticket, sh(5, 9), sh(5, 11))
    assert _pending(backend, ticket.id) == Counter(
        {("appointment", START): 2, ("reminder_eve", sh(4, 18)): 2,
         ("reminder_morning", sh(5, 8)): 2}
    )  # fmt: skip
    withdrawn = [n for n in _visit_notices(backend, ticket.id) if n.status.value == "cancelled"]
    assert len(withdrawn) == 6  # the first window's confirmation (not yet sent) and reminders
    # the same window booked again is not news: nothing more is queued
    before = len(backend.list_notifications(ticket.id))
    ticket = backend.get_ticket(ticket.id)
    book(backend, ticket, sh(5, 9), sh(5, 11))
    assert len(backend.list_notifications(ticket.id)) == before


def test_a_cancelled_visit_or_a_cleared_window_is_not_reminded(
    backend: Services, make: Make
) -> None:
    ticket = _job(backend, make)
    other = _job(backend, make)
    book(backend, ticket, sh(4, 14), sh(4, 16))
    book(backend, other, sh(4, 14), sh(4, 16))
    ticket = backend.get_ticket(ticket.id)
    backend.transition(ticket.id, ticket.version, TicketStatus.CANCELLED, reason="fixed itself")
    book(backend, other, None, None)
    assert _pending(backend, ticket.id) == Counter()
    assert _pending(backend, other.id) == Counter()


def test_each_reminder_goes_once_at_its_time_across_restarts_and_never_after_the_visit(
    backend: Services, make: Make, clock: FakeClock, sql_store: SqlStore
) -> None:
    ticket = _job(backend, make)
    book(backend, ticket, sh(4, 14), sh(4, 16))

    def sender() -> Services:  # a fresh one each time: nothing is kept in memory
        return Services(sql_store.unit_of_work, sql_store.feed, SENDER, clock=clock)

    def send_due() -> list[str]:
        claimed = sender().claim_notifications()
        for n in claimed:
            sender().record_delivery(n, Delivery(ok=True, provider_ref="x"))
        visit = ("appointment", "reminder_eve", "reminder_morning")
        return sorted(f"{n.moment.value}:{n.channel.value}" for n in claimed
                      if n.moment.value in visit)  # fmt: skip

    assert send_due() == ["appointment:email", "appointment:sms"]
    clock.advance(sh(3, 17) - clock.now())
    assert send_due() == []  # the evening reminder is not due yet
    clock.advance(sh(3, 18) - clock.now())
    assert send_due() == ["reminder_eve:email", "reminder_eve:sms"]
    assert send_due() == []  # once
    # the sender was down all morning: at 14:05 the visit has begun, the reminder is dropped
    clock.advance(sh(4, 14) - clock.now() + timedelta(minutes=5))
    assert send_due() == []
    states = Counter((n.moment.value, n.status.value) for n in _visit_notices(backend, ticket.id))
    assert states == Counter({("appointment", "sent"): 2, ("reminder_eve", "sent"): 2,
                              ("reminder_morning", "cancelled"): 2})  # fmt: skip


def test_a_technician_running_late_tells_the_customer_and_the_supervisors(
    backend: Services, make: Make, act_as: object
) -> None:
    admin = backend.as_actor(Actor("root", "admin"))
    dept = make.department("Lifts", "LF")
    customer = backend.create_customer("李雷", ["13812345678"], email="li.lei@example.cn")
    ticket, tech, _ = make.job(customer=customer, department=dept)
    admin.create_user("sue", "Sue", "supervisor", "correct horse 9", department_id=dept.id,
                      email="sue@desk.cn")  # fmt: skip
    ticket = book(backend, ticket, sh(4, 14), sh(4, 16))
    ticket = make.ticket_in(TicketStatus.EN_ROUTE, backend.get_ticket(ticket.id), tech)
    me = make.technician_actor(tech)
    me.report_running_late(ticket.id, 30)

    late = [n for n in backend.list_notifications(ticket.id) if n.moment.value == "running_late"]
    assert {n.channel.value for n in late} == {"email", "sms"}
    sms = next(n for n in late if n.channel == "sms")
    assert "将晚到约30分钟，预计03-04 14:30到达" in sms.body  # the window's start, plus 30 min
    staff = [n for n in backend.list_notifications(ticket.id) if n.moment.value == "tech_late"]
    assert [(n.recipient_name, n.channel.value) for n in staff] == [("Sue", "email")]
    # the desk reads it in the ticket's timeline, with the technician and the new time
    [said] = [e for e in backend.ticket_history(ticket.id).decisions if e.kind == "running_late"]
    assert said.payload["minutes"] == 30 and said.payload["technician_id"] == tech.id
    # and the desk's consoles hear it as a notice
    opened = START - timedelta(minutes=1)
    assert [e.kind for e in backend.recent_notices(opened)] == ["running_late"]

    other = make.technician_actor(make.technician(dept, name="Zhao Li"))
    with pytest.raises(PermissionDenied):
        other.report_running_late(ticket.id, 30)
    for bad in (0, 500):
        with pytest.raises(ValidationError):
            me.report_running_late(ticket.id, bad)


def test_only_a_visit_still_to_come_can_be_late(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    with pytest.raises(ValidationError):  # nobody is on the way
        backend.report_running_late(ticket.id, 15)
    ticket = make.ticket_in(TicketStatus.ON_SITE, ticket, tech)
    with pytest.raises(ValidationError):  # they are there
        make.technician_actor(tech).report_running_late(ticket.id, 15)


def test_a_visit_booked_at_night_is_confirmed_in_the_morning(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket = _job(backend, make)
    clock.advance(sh(2, 22) - clock.now())  # 22:00 on the customer's clock
    book(backend, ticket, sh(4, 14), sh(4, 16))
    assert _pending(backend, ticket.id) == Counter(
        {("appointment", sh(3, 8)): 2, ("reminder_eve", sh(3, 18)): 2,
         ("reminder_morning", sh(4, 8)): 2}
    )  # fmt: skip
