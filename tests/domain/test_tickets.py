"""Tickets: the number agents read out, SLA clocks, and work-log arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch_console.domain.enums import Channel, Priority, SlaClass, TicketStatus
from dispatch_console.domain.sla import Milestone, Risk, initial_deadlines, targets_for
from dispatch_console.domain.tickets import EDITABLE_FIELDS, Ticket, WorkLogEntry

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _ticket(**kw: object) -> Ticket:
    fields: dict[str, object] = {
        "id": 42,
        "channel": Channel.PHONE,
        "category": "boiler",
        "priority": Priority.CRITICAL,
        "status": TicketStatus.NEW,
        "description": "no hot water",
        "created_at": T0,
        "updated_at": T0,
    }
    fields.update(kw)
    return Ticket(**fields)  # type: ignore[arg-type]


def _with_deadlines(**kw: object) -> Ticket:
    t = _ticket(**kw)
    d = initial_deadlines(T0, t.targets)
    t.response_due_at = d[Milestone.RESPONSE]
    t.arrival_due_at = d[Milestone.ARRIVAL]
    t.resolution_due_at = d[Milestone.RESOLUTION]
    return t


def test_ticket_number_is_zero_padded() -> None:
    assert _ticket(id=42).number == "T0000042"
    assert _ticket(id=1234567).number == "T1234567"
    assert _ticket(id=12345678).number == "T12345678"


def test_a_typed_ticket_number_names_its_ticket() -> None:
    for typed in ("T0000042", "t42", " 42 ", "0000042", Ticket.number_of(42)):
        assert Ticket.id_in(typed) == 42, typed
    assert Ticket.id_in("T123456789") == 123456789  # the T says it is a ticket
    assert Ticket.id_in("13812345678") is None  # bare and long: a phone number
    for not_one in ("", "T", "Li Lei", "T12a", "T-12"):
        assert Ticket.id_in(not_one) is None, not_one


def test_targets_follow_sla_class_and_priority() -> None:
    t = _ticket(sla_class=SlaClass.PREMIUM, priority=Priority.HIGH)
    assert t.targets == targets_for(SlaClass.PREMIUM, Priority.HIGH)
    assert _ticket().sla_class is SlaClass.STANDARD


def test_ticket_without_deadlines_has_no_clocks() -> None:
    assert _ticket().sla_clocks() == []


def test_sla_clocks_in_milestone_order_with_reached_times() -> None:
    t = _with_deadlines(responded_at=T0 + timedelta(minutes=5))
    clocks = t.sla_clocks()
    assert [c.milestone for c in clocks] == list(Milestone)
    assert clocks[0].reached_at == T0 + timedelta(minutes=5)
    assert clocks[0].risk(T0 + timedelta(hours=1)) is Risk.MET
    assert clocks[1].due_at == T0 + timedelta(hours=4)  # standard / critical arrival
    assert clocks[2].target == timedelta(hours=8)


def test_held_ticket_clocks_are_paused() -> None:
    t = _with_deadlines(
        status=TicketStatus.ON_HOLD,
        held_from=TicketStatus.NEW,
        hold_started_at=T0 + timedelta(minutes=5),
    )
    for clock in t.sla_clocks():
        assert clock.risk(T0 + timedelta(days=3)) is Risk.PAUSED
    response = t.sla_clocks()[0]
    assert response.time_left(T0 + timedelta(days=3)) == timedelta(minutes=10)


def test_work_log_minutes_round_down() -> None:
    entry = WorkLogEntry(1, 42, 7, T0, T0 + timedelta(minutes=90, seconds=59), "replaced pump")
    assert entry.minutes == 90


def test_editable_fields_exclude_workflow_and_sla_fields() -> None:
    protected = {"status", "assignee_id", "response_due_at", "resolved_at", "version", "id"}
    assert not EDITABLE_FIELDS & protected
    assert set(Ticket.__dataclass_fields__) >= EDITABLE_FIELDS
