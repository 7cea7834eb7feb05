"""A ticket's history: everything that happened, in the order it happened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch_console.domain.calls import Call, Callback
from dispatch_console.domain.enums import (
    CallbackReason,
    CallbackStatus,
    CallDirection,
    Channel,
    CommentVisibility,
    Priority,
    TicketStatus,
)
from dispatch_console.domain.tickets import (
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Ticket,
    Transition,
    WorkLogEntry,
)
from dispatch_console.domain.timeline import CallerMatch, TicketHistory

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _ticket() -> Ticket:
    return Ticket(1, Channel.PHONE, "boiler", Priority.HIGH, TicketStatus.NEW, "leak", T0, T0)


def test_timeline_merges_every_kind_oldest_first() -> None:
    call = Call(1, "c1", CallDirection.INBOUND, "+8613812345678", "8001", at(0))
    created = Transition(1, 1, None, TicketStatus.NEW, "agent", at(1))
    comment = Comment(1, 1, "agent", "customer says", CommentVisibility.INTERNAL, at(2))
    check_in = CheckIn(1, 1, 7, 31.2, 121.4, 10.0, 50.0, True, None, at(60), True)
    work = WorkLogEntry(1, 1, 7, at(61), at(90), "fixed")
    photo = Attachment(1, 1, "ab" * 32, "p.jpg", "image/jpeg", 10, "tech", at(70))
    part = PartUsage(1, 1, 7, 3, 1, at(80))
    callback = Callback(
        1,
        CallbackReason.RESOLVED,
        at(1440),
        CallbackStatus.PENDING,
        "+8613812345678",
        created_at=at(95),
    )
    history = TicketHistory(
        _ticket(),
        transitions=[created],
        comments=[comment],
        attachments=[photo],
        work_log=[work],
        parts=[part],
        check_ins=[check_in],
        callbacks=[callback],
        calls=[call],
    )
    items = history.timeline()
    assert [item for _, item in items] == [
        call,
        created,
        comment,
        check_in,
        work,
        photo,
        part,
        callback,
    ]
    times = [when for when, _ in items]
    assert times == sorted(times)


def test_callback_without_creation_time_is_placed_at_its_due_time() -> None:
    callback = Callback(1, CallbackReason.MISSED_CALL, at(30), CallbackStatus.PENDING, "+86")
    comment = Comment(1, 1, "agent", "x", CommentVisibility.PUBLIC, at(10))
    history = TicketHistory(_ticket(), comments=[comment], callbacks=[callback])
    assert history.timeline() == [(at(10), comment), (at(30), callback)]


def test_simultaneous_items_keep_their_kind_order() -> None:
    transition = Transition(1, 1, TicketStatus.NEW, TicketStatus.ON_HOLD, "a", at(5), "waiting")
    comment = Comment(1, 1, "a", "parts on order", CommentVisibility.PUBLIC, at(5))
    history = TicketHistory(_ticket(), transitions=[transition], comments=[comment])
    assert [item for _, item in history.timeline()] == [transition, comment]


def test_empty_history() -> None:
    assert TicketHistory(_ticket()).timeline() == []


def test_caller_match_defaults_are_independent() -> None:
    a, b = CallerMatch("+8613812345678"), CallerMatch(None)
    assert a.customers == [] and a.open_tickets == [] and a.recent_calls == []
    assert a.customers is not b.customers
