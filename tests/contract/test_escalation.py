"""The SLA scan: as a deadline nears the assignee is told, then the supervisor; a missed one is
marked, and a missed arrival sends the job back for dispatch where the policy says so. Each step
once; nothing while on hold. Runs in the server, so the SQL backends only."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.escalation import EscalationPolicy, Level
from dispatch_console.domain.rules.model import Actions, Conditions, RoutingRule
from dispatch_console.domain.sla import Milestone
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services, staff_alerts
from dispatch_console.services.escalations import BATCH

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock

POLICY = EscalationPolicy(redispatch=frozenset({Milestone.ARRIVAL}))


@pytest.fixture(autouse=True)
def _sql_only(backend: Services) -> None:
    if isinstance(backend, RestBackend):
        pytest.skip("the scan runs inside the server; its REST effects are the events it writes")


def scan(backend: Services) -> list[tuple[int, str, Level]]:
    done = backend.as_actor(Actor("sla-watch", "supervisor")).escalate_due(POLICY)
    return [(s.ticket_id, s.milestone.value, s.level) for s in done]


def test_the_levels_climb_once_each_as_the_response_deadline_nears(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket = make.ticket(priority="normal")  # standard, normal: respond within 2 hours
    assert scan(backend) == []
    clock.advance(timedelta(minutes=111))  # 9 minutes left
    assert scan(backend) == [(ticket.id, "response", Level.ASSIGNEE)]
    assert scan(backend) == []  # once
    clock.advance(timedelta(minutes=5))  # 4 left
    assert scan(backend) == [(ticket.id, "response", Level.SUPERVISOR)]
    clock.advance(timedelta(minutes=5))
    assert scan(backend) == [(ticket.id, "response", Level.BREACHED)]
    assert scan(backend) == []
    history = backend.ticket_history(ticket.id)
    levels = [e.payload["level"] for e in history.decisions if e.kind == "escalated"]
    assert levels == ["assignee", "supervisor", "breached"]


def test_nothing_escalates_on_hold(backend: Services, make: Make, clock: FakeClock) -> None:
    ticket = make.ticket(priority="normal")
    backend.transition(ticket.id, ticket.version, "on_hold", "customer away until Monday")
    clock.advance(timedelta(hours=5))
    assert scan(backend) == []


def test_a_missed_arrival_sends_the_job_back_for_dispatch(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _site = make.job(priority="normal")
    ticket = make.ticket_in(TicketStatus.ACCEPTED, ticket, tech)  # responded; arrival in 24 h
    clock.advance(timedelta(hours=24, minutes=1))
    assert scan(backend) == [(ticket.id, "arrival", Level.BREACHED)]  # straight to the level due
    back = backend.get_ticket(ticket.id)
    assert (back.status, back.assignee_id) == (TicketStatus.NEW, None)
    kinds = [e.kind for e in backend.ticket_history(ticket.id).decisions]
    assert kinds == ["escalated"]


def test_the_queue_marks_how_far_the_current_deadline_has_escalated(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _site = make.job(priority="normal")
    calm = make.ticket(priority="low")

    def marks() -> dict[int, int]:
        page = backend.search_tickets(TicketQuery(open_only=True))
        return {row.ticket.id: row.escalation for row in page.items}

    assert marks() == {ticket.id: 0, calm.id: 0}
    clock.advance(timedelta(minutes=116))  # 4 minutes left to respond
    scan(backend)
    assert marks()[ticket.id] == Level.SUPERVISOR and marks()[calm.id] == 0
    escalated = backend.search_tickets(TicketQuery(open_only=True, escalated=True, sort="due"))
    assert [r.ticket.id for r in escalated.items] == [ticket.id]
    # responding reaches the milestone: the next deadline (arrival) has not escalated
    make.ticket_in(TicketStatus.ACCEPTED, backend.get_ticket(ticket.id), tech)
    assert marks()[ticket.id] == 0
    assert backend.search_tickets(TicketQuery(open_only=True, escalated=True)).items == []


def test_staff_are_told_by_text_and_e_mail_away_from_the_console(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    admin = backend.as_actor(Actor("root", "admin"))
    lifts, printers = make.department("Lifts", "LF"), make.department("Printers", "PR")
    admin.create_user("kim", "Kim", "agent", "correct horse 9", email="kim@desk.cn", language="en")
    watched = RoutingRule(0, "Kim watches HVAC", 10, Conditions(categories=frozenset({"hvac"})),
                          Actions(watchers=("kim",)))  # fmt: skip
    backend.as_actor(Actor("sue", "supervisor")).save_routing_rule(watched)
    ticket, tech, _site = make.job(priority="normal", department=lifts)
    sue = admin.create_user("sue", "Sue", "supervisor", "correct horse 9", department_id=lifts.id,
                            email="sue@desk.cn", mobile="13800000001")  # fmt: skip
    admin.create_user("pat", "Pat", "supervisor", "correct horse 9", department_id=printers.id,
                      email="pat@desk.cn")  # other department: not told  # fmt: skip
    admin.create_user("nil", "Nil", "supervisor", "correct horse 9")  # no address: not told
    backend.assign(ticket.id, ticket.version, tech.id)

    def alerts() -> list[tuple[str, str, str, str]]:
        return [
            (n.moment.value, n.channel.value, n.recipient_name, n.recipient)
            for n in admin.list_notifications(ticket.id)
            if n.customer_id is None
        ]

    clock.advance(timedelta(minutes=111))  # 9 minutes left to respond: the technician
    scan(backend)
    assert alerts() == [("deadline_near", "sms", tech.name, tech.phone)]
    [text] = [n for n in admin.list_notifications(ticket.id) if n.customer_id is None]
    assert ticket.number in text.body and "响应时限" in text.body
    clock.advance(timedelta(minutes=5))  # 4 left: the department's supervisor, both ways
    scan(backend)
    assert sorted(alerts()[1:]) == [
        ("escalated", "email", "Kim", "kim@desk.cn"),  # the rule's watcher, in English
        ("escalated", "email", "Sue", "sue@desk.cn"),
        ("escalated", "sms", "Sue", "+8613800000001"),
    ]
    [to_kim] = [n for n in admin.list_notifications(ticket.id) if n.recipient_name == "Kim"]
    assert to_kim.subject.startswith("Escalation: ") and tech.name in to_kim.body
    # the rest of the desk sees where alerts went, masked: staff addresses are not theirs
    seen = {n.recipient for n in backend.ticket_history(ticket.id).notifications
            if n.recipient_name == "Sue"}  # fmt: skip
    assert seen == {"su***@desk.cn", "+86138****0001"}
    clock.advance(timedelta(minutes=5))
    scan(backend)
    scan(backend)  # each alert once
    missed = sorted(a[:3] for a in alerts()[4:])
    assert missed == [("deadline_missed", "email", "Kim"), ("deadline_missed", "email", "Sue"),
                      ("deadline_missed", "sms", "Sue")]  # fmt: skip
    assert sue.department_id == lifts.id


def test_a_moved_deadline_climbs_afresh_and_a_finished_ticket_carries_no_flag(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _site = make.job(priority="normal")

    def flag() -> int:
        page = backend.search_tickets(TicketQuery(sort="newest"))
        return next(r.escalation for r in page.items if r.ticket.id == ticket.id)

    clock.advance(timedelta(minutes=116))  # 4 minutes left to respond
    assert scan(backend) == [(ticket.id, "response", Level.SUPERVISOR)]
    assert flag() == Level.SUPERVISOR
    # lowered to "low": the response deadline moves 6 hours on; the old level is not its
    lowered = backend.update_ticket(ticket.id, ticket.version, priority="low")
    assert flag() == 0 and scan(backend) == []
    assert backend.search_tickets(TicketQuery(open_only=True, escalated=True)).items == []
    clock.advance(timedelta(minutes=355))  # 9 minutes before the new deadline: told again
    assert scan(backend) == [(ticket.id, "response", Level.ASSIGNEE)]
    # done: nothing is flagged on a resolved ticket, and a reopened one starts clean
    done = make.ticket_in(TicketStatus.RESOLVED, backend.get_ticket(lowered.id), tech)
    assert flag() == 0
    back = backend.transition(done.id, done.version, "reopened", "still noisy")
    assert flag() == 0 and back.arrival_due_at is not None
    clock.advance(back.arrival_due_at - clock.now() + timedelta(minutes=1))
    assert (ticket.id, "arrival", Level.BREACHED) in scan(backend)  # the new deadline's own


def test_a_technician_given_the_job_late_or_instead_is_told(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    dept = make.department("Lifts", "LF")
    ticket = make.ticket(priority="normal", department_id=dept.id)
    first, second = make.technician(dept, name="First"), make.technician(dept, name="Second")

    def texts() -> list[tuple[str, str]]:
        alerts = [n for n in backend.list_notifications(ticket.id) if n.customer_id is None]
        return [(n.recipient_name, n.moment.value) for n in alerts]

    clock.advance(timedelta(minutes=111))
    scan(backend)  # nobody has it yet: nobody to text
    assert texts() == []
    ticket = backend.assign(ticket.id, backend.get_ticket(ticket.id).version, first.id)
    clock.advance(timedelta(minutes=5))
    scan(backend)
    assert texts() == [("First", "deadline_near")]
    backend.assign(ticket.id, ticket.version, second.id)  # given to someone else
    clock.advance(timedelta(minutes=5))
    scan(backend)
    assert texts() == [("First", "deadline_near"), ("Second", "deadline_missed")]


def test_two_scans_at_once_take_each_step_once_across_batches(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    tickets = [make.ticket(priority="normal") for _ in range(BATCH + 30)]  # two batches' worth
    clock.advance(timedelta(minutes=116))
    results: list[list[tuple[int, str, Level]]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(scan(backend))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    taken = sorted(step for steps in results for step in steps)
    assert taken == sorted((t.id, "response", Level.SUPERVISOR) for t in tickets)  # once each
    recorded = [e for t in tickets[:5] for e in backend.ticket_history(t.id).decisions]
    assert [e.payload["level"] for e in recorded] == ["supervisor"] * 5


def test_a_short_hold_after_a_missed_arrival_does_not_miss_it_again(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _site = make.job(priority="normal")
    ticket = make.ticket_in(TicketStatus.ACCEPTED, ticket, tech)
    clock.advance(timedelta(hours=24, minutes=1))
    assert scan(backend) == [(ticket.id, "arrival", Level.BREACHED)]  # and back for dispatch
    other = make.technician(make.department("Spare", "SP"), name="Spare")
    again = backend.assign(ticket.id, backend.get_ticket(ticket.id).version, other.id)
    held = backend.transition(again.id, again.version, "on_hold", "customer at lunch")
    clock.advance(timedelta(minutes=5))
    resumed = backend.transition(held.id, held.version, "assigned")  # deadline moved 5 min on
    assert scan(backend) == []  # still missed: no second "missed", no second take-back
    page = backend.search_tickets(TicketQuery(open_only=True, escalated=True))
    assert [r.escalation for r in page.items if r.ticket.id == ticket.id] == [Level.BREACHED]
    assert backend.get_ticket(ticket.id).assignee_id == other.id == resumed.assignee_id


def test_a_late_technician_already_on_the_way_keeps_the_job(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _site = make.job(priority="normal")
    ticket = make.ticket_in(TicketStatus.EN_ROUTE, ticket, tech)
    clock.advance(timedelta(hours=24, minutes=1))
    [(_, _, level)] = scan(backend)
    assert level is Level.BREACHED
    kept = backend.get_ticket(ticket.id)
    assert (kept.status, kept.assignee_id) == (TicketStatus.EN_ROUTE, tech.id)
    [event] = backend.ticket_history(ticket.id).decisions
    assert event.payload["redispatch"] is False  # the timeline does not say otherwise


def test_a_failing_batch_strands_no_earlier_job_and_a_new_technician_keeps_theirs(
    backend: Services, make: Make, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket, tech, _site = make.job(priority="normal")
    jobs = [make.ticket_in(TicketStatus.ACCEPTED, ticket, tech)]
    for _ in range(BATCH + 5):
        t = make.ticket(priority="normal", customer_id=ticket.customer_id, site_id=ticket.site_id)
        jobs.append(make.ticket_in(TicketStatus.ACCEPTED, t, tech))
    clock.advance(timedelta(hours=24, minutes=1))
    original = staff_alerts.alert_staff
    last = jobs[-1].id

    def failing(app: Services, uow: object, ticket_id: int, *args: object) -> int:
        if ticket_id == last:  # the second batch fails
            raise RuntimeError("the database went away")
        return original(app, uow, ticket_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(staff_alerts, "alert_staff", failing)
    with pytest.raises(RuntimeError):
        scan(backend)
    statuses = [backend.get_ticket(j.id).status for j in jobs]
    assert statuses.count(TicketStatus.NEW) == BATCH  # the first batch went back at once
    monkeypatch.setattr(staff_alerts, "alert_staff", original)
    scan(backend)  # the rest, next minute
    assert all(backend.get_ticket(j.id).status is TicketStatus.NEW for j in jobs)


def test_a_job_given_to_someone_else_after_the_step_is_not_taken_back(
    backend: Services, make: Make, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket, tech, _site = make.job(priority="normal")
    ticket = make.ticket_in(TicketStatus.ACCEPTED, ticket, tech)
    spare = make.technician(make.department("Spare", "SP"), name="Spare")
    clock.advance(timedelta(hours=24, minutes=1))
    scanner = type(backend.escalations)
    original = scanner._escalate_batch

    def then_the_dispatcher(self: object, *args: object) -> object:
        taken = original(self, *args)  # type: ignore[arg-type]
        current = backend.get_ticket(ticket.id)  # the flag is up: the dispatcher acts at once
        backend.assign(current.id, current.version, spare.id)
        return taken

    monkeypatch.setattr(scanner, "_escalate_batch", then_the_dispatcher)
    scan(backend)
    kept = backend.get_ticket(ticket.id)
    assert kept.assignee_id == spare.id and kept.status is TicketStatus.ASSIGNED


def test_a_ticket_transferred_after_escalating_reaches_the_new_departments_supervisor(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    admin = backend.as_actor(Actor("root", "admin"))
    lifts, hvac = make.department("Lifts", "LF"), make.department("HVAC", "HV")
    for name, dept in (("sue", lifts), ("lee", hvac)):
        admin.create_user(name, name.title(), "supervisor", "correct horse 9",
                          department_id=dept.id, email=f"{name}@desk.cn")  # fmt: skip
    ticket = make.ticket(priority="normal", department_id=lifts.id)
    clock.advance(timedelta(minutes=116))
    scan(backend)

    def mailed() -> list[str]:
        alerts = admin.list_notifications(ticket.id)
        return sorted(n.recipient_name for n in alerts if n.customer_id is None)

    assert mailed() == ["Sue"]
    current = backend.get_ticket(ticket.id)
    backend.transfer(current.id, current.version, hvac.id, "it is the air conditioning")
    assert scan(backend) == [(ticket.id, "response", Level.SUPERVISOR)]
    assert mailed() == ["Lee", "Sue"]  # Lee now; Sue not twice
