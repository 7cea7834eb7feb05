"""The map's pins, loads and jobs in hand patched from a batch of changes agree with what the
services read from the database (domain/pins.py is the one definition both use)."""

from __future__ import annotations

from datetime import UTC, datetime

from dispatch_console.domain.enums import Channel, Priority, TicketStatus
from dispatch_console.domain.events import Event
from dispatch_console.domain.pins import jobs_in_hand, load_changes, pin_of_row
from dispatch_console.domain.tickets import Ticket, TicketRow

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _ticket(ticket_id: int, status: TicketStatus, assignee: int | None) -> Ticket:
    return Ticket(id=ticket_id, channel=Channel.PHONE, category="hvac", priority=Priority.HIGH,
                  status=status, description="drips", created_at=NOW, updated_at=NOW,
                  assignee_id=assignee)  # fmt: skip


def _row(ticket: Ticket, site: bool = True) -> TicketRow:
    return TicketRow(ticket, site_lat=31.2 if site else None, site_lon=121.4 if site else None)


def _event(ticket_id: int, kind: str, **changes: list[object]) -> Event:
    return Event(1, NOW, "bob", "ticket", str(ticket_id), kind, {"changes": changes})


def test_a_pin_for_an_open_ticket_with_a_site_and_none_otherwise() -> None:
    pin = pin_of_row(_row(_ticket(7, TicketStatus.ON_SITE, 3)), NOW)
    assert pin is not None and (pin.ticket_id, pin.assignee_id, pin.stage) == (7, 3, 3)
    assert (pin.lat, pin.lon, pin.priority) == (31.2, 121.4, "high")
    assert pin_of_row(_row(_ticket(7, TicketStatus.RESOLVED, 3)), NOW) is None
    assert pin_of_row(_row(_ticket(7, TicketStatus.NEW, None), site=False), NOW) is None


def test_loads_follow_reassignment_completion_and_creation_in_one_batch() -> None:
    moved = _ticket(1, TicketStatus.ASSIGNED, 20)  # 10 -> 20
    done = _ticket(2, TicketStatus.RESOLVED, 10)  # 10 finished it
    new = _ticket(3, TicketStatus.ASSIGNED, 30)  # created, then assigned to 30
    twice = _ticket(4, TicketStatus.ASSIGNED, 10)  # 10 -> 40 -> 10: no change in the end
    events = [
        _event(1, "assigned", assignee_id=[10, 20]),
        _event(2, "resolved", status=["in_progress", "resolved"]),
        _event(3, "created", status=[None, "new"]),
        _event(3, "assigned", assignee_id=[None, 30], status=["new", "assigned"]),
        _event(4, "assigned", assignee_id=[10, 40]),
        _event(4, "assigned", assignee_id=[40, 10]),
        _event(5, "assigned", assignee_id=[10, 50]),  # no row: the caller reads it
    ]
    rows = {t.id: _row(t) for t in (moved, done, new, twice)}
    assert load_changes(events, rows) == {10: -2, 20: 1, 30: 1}


def test_the_job_in_hand_is_the_most_advanced_one() -> None:
    jobs = [(3, 1, 31.0, 121.0), (3, 4, 31.5, 121.5), (3, 2, 31.9, 121.9), (4, 0, 30.0, 120.0),
            (None, 4, 29.0, 119.0)]  # fmt: skip
    assert jobs_in_hand(jobs) == {3: (31.5, 121.5)}


def test_a_reassigned_pin_moves_its_job_in_hand() -> None:
    before = pin_of_row(_row(_ticket(9, TicketStatus.EN_ROUTE, 3)), NOW)
    after = pin_of_row(_row(_ticket(9, TicketStatus.EN_ROUTE, 5)), NOW)
    assert before is not None and after is not None
    held = jobs_in_hand((p.assignee_id, p.stage, p.lat, p.lon) for p in [after])
    assert 3 not in held and held[5] == (31.2, 121.4)
