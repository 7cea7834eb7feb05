"""Calls from the PBX, screen-pop lookups and callbacks (回访)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import (
    CallbackOutcome,
    CallbackReason,
    CallbackStatus,
    CallOutcome,
    TicketStatus,
)
from dispatch_console.domain.errors import ConflictError, NotFound, ValidationError
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock

CALLER = "138 1234 5678"
CALLER_E164 = "+8613812345678"


def _ring(backend: Services, call_id: str, at: object, **kw: object) -> object:
    kw.setdefault("from_number", CALLER)
    kw.setdefault("to_number", "4008001234")
    return backend.record_call_event("offered", call_id, at, **kw)  # type: ignore[arg-type]


# --- calls ---------------------------------------------------------------------------------------


def test_an_answered_call_from_a_known_customer(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    li = make.customer("Li Lei", phones=(CALLER,))
    t0 = clock.now()
    _ring(backend, "pbx-1", t0, agent_extension="8001")
    answered = backend.record_call_event("answered", "pbx-1", t0 + timedelta(seconds=8))
    ended = backend.record_call_event(
        "ended", "pbx-1", t0 + timedelta(minutes=3), cause="normal_clearing"
    )

    assert ended.customer_id == li.id  # linked by the normalised number
    assert ended.from_number == CALLER_E164
    assert ended.outcome is CallOutcome.ANSWERED
    assert answered.answered_at == t0 + timedelta(seconds=8)
    assert ended.ended_at == t0 + timedelta(minutes=3)
    assert (ended.agent_extension, ended.end_cause) == ("8001", "normal_clearing")
    assert backend.list_callbacks() == []


def test_replayed_call_events_change_nothing(backend: Services, clock: FakeClock) -> None:
    t0 = clock.now()
    events = [
        ("offered", t0),
        ("answered", t0 + timedelta(seconds=5)),
        ("ended", t0 + timedelta(minutes=2)),
    ]
    for kind, at in events:
        backend.record_call_event(kind, "pbx-7", at, from_number=CALLER, agent_extension="8001")
    before = backend.last_event_id()
    first = backend.list_calls()[0]

    for kind, at in events:  # the PBX reconnects and sends everything again, later
        again = backend.record_call_event(
            kind, "pbx-7", at + timedelta(seconds=30), from_number=CALLER, agent_extension="8001"
        )
        assert again.id == first.id

    (call,) = backend.list_calls()
    assert (call.answered_at, call.ended_at, call.outcome, call.version) == (
        first.answered_at,
        first.ended_at,
        CallOutcome.ANSWERED,
        first.version,
    )
    assert backend.last_event_id() == before


def test_a_missed_inbound_call_creates_one_callback_per_caller(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    li = make.customer("Li Lei", phones=(CALLER,))
    for n in range(3):  # the caller tries three times and nobody answers
        at = clock.advance(minutes=5)
        _ring(backend, f"pbx-{n}", at)
        backend.record_call_event("ended", f"pbx-{n}", at + timedelta(seconds=40), cause="cancel")
        backend.record_call_event("ended", f"pbx-{n}", at + timedelta(seconds=41))  # replay

    missed = backend.list_calls(missed_only=True)
    assert [c.call_id for c in missed] == ["pbx-2", "pbx-1", "pbx-0"]  # newest first
    assert all(c.outcome is CallOutcome.MISSED for c in missed)
    (callback,) = backend.list_callbacks()
    assert (callback.reason, callback.phone, callback.customer_id, callback.call_id) == (
        CallbackReason.MISSED_CALL,
        CALLER_E164,
        li.id,
        "pbx-0",
    )
    assert callback.status is CallbackStatus.PENDING

    # another caller gets their own callback
    _ring(backend, "pbx-x", clock.now(), from_number="13900001111")
    backend.record_call_event("ended", "pbx-x", clock.now())
    assert {cb.phone for cb in backend.list_callbacks()} == {CALLER_E164, "+8613900001111"}


def test_missed_calls_that_cannot_be_called_back_make_no_callback(
    backend: Services, clock: FakeClock
) -> None:
    at = clock.now()
    _ring(backend, "anon", at, from_number="anonymous")
    backend.record_call_event("ended", "anon", at)
    backend.record_call_event(
        "offered", "out-1", at, direction="outbound", from_number="8001", to_number=CALLER
    )
    backend.record_call_event("ended", "out-1", at)
    backend.record_call_event(
        "offered", "out-2", at, direction="outbound", from_number="8001", to_number=CALLER
    )
    backend.record_call_event("ended", "out-2", at, cause="busy")
    # only the inbound one was missed; the customer not picking up our call is not a missed call
    assert [c.call_id for c in backend.list_calls(missed_only=True)] == ["anon"]
    outcomes = {c.call_id: c.outcome.value for c in backend.list_calls()}
    assert (outcomes["out-1"], outcomes["out-2"]) == ("failed", "busy")
    assert backend.list_callbacks() == []


def test_call_event_validation(backend: Services, clock: FakeClock) -> None:
    with pytest.raises(ValidationError) as err:
        backend.record_call_event("exploded", "pbx-1", clock.now())
    assert err.value.field == "kind"
    with pytest.raises(ValidationError) as err:
        backend.record_call_event("offered", "pbx-1", clock.now().replace(tzinfo=None))
    assert err.value.field == "at"
    with pytest.raises(ValidationError) as err:
        backend.record_call_event("offered", " ", clock.now())
    assert err.value.field == "call_id"
    assert backend.list_calls() == []


def test_link_call_to_a_ticket(backend: Services, make: Make, clock: FakeClock) -> None:
    li = make.customer(phones=("13900001111",))
    t = make.ticket(customer_id=li.id)
    _ring(backend, "pbx-1", clock.now())  # from an unknown number

    call = backend.link_call("pbx-1", t.id)

    assert (call.ticket_id, call.customer_id) == (t.id, li.id)
    assert [c.call_id for c in backend.ticket_history(t.id).calls] == ["pbx-1"]
    with pytest.raises(NotFound):
        backend.link_call("nope", t.id)
    with pytest.raises(NotFound):
        backend.link_call("pbx-1", 404)


# --- screen-pop ----------------------------------------------------------------------------------


def test_lookup_caller_shows_customer_open_tickets_and_recent_calls(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    li = make.customer("Li Lei", phones=(CALLER,))
    han = make.customer("Han Meimei", phones=("13900001111",))
    open_one = make.ticket(customer_id=li.id)
    closed = make.ticket(customer_id=li.id)
    backend.transition(closed.id, closed.version, "cancelled", "duplicate")
    make.ticket(customer_id=han.id)
    for n in range(7):
        _ring(backend, f"pbx-{n}", clock.advance(minutes=1))
    _ring(backend, "pbx-han", clock.advance(minutes=1), from_number="13900001111")

    match = backend.lookup_caller("+86 (138) 1234-5678")

    assert match.number == CALLER_E164
    assert [c.id for c in match.customers] == [li.id]
    assert [row.ticket.id for row in match.open_tickets] == [open_one.id]
    assert [c.call_id for c in match.recent_calls] == [f"pbx-{n}" for n in (6, 5, 4, 3, 2)]


def test_lookup_of_an_unknown_or_unusable_number(backend: Services) -> None:
    unknown = backend.lookup_caller("13700000000")
    assert (unknown.number, unknown.customers, unknown.open_tickets) == ("+8613700000000", [], [])
    anonymous = backend.lookup_caller("anonymous")
    assert anonymous.number is None
    assert anonymous.customers == []


# --- callbacks -----------------------------------------------------------------------------------


def test_a_customer_asks_to_be_called_back_about_a_ticket(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    li = make.customer(phones=(CALLER,))
    ticket, tech, _ = make.job(customer=li)
    t = make.ticket_in(TicketStatus.ON_SITE, ticket, tech)
    due = clock.now() + timedelta(days=1)

    cb = backend.schedule_callback(CALLER, due, ticket_id=t.id)

    assert (cb.phone, cb.due_at, cb.ticket_id, cb.customer_id) == (CALLER_E164, due, t.id, li.id)
    assert (cb.status, cb.attempts, cb.version) == (CallbackStatus.PENDING, 0, 1)
    assert [c.id for c in backend.list_callbacks("pending")] == [cb.id]
    assert [c.id for c in backend.ticket_history(t.id).callbacks] == [cb.id]


def test_schedule_callback_validation(backend: Services, clock: FakeClock) -> None:
    now = clock.now()
    cases = [
        (("12345", now), {}, "phone"),
        ((CALLER, now.replace(tzinfo=None)), {}, "due_at"),
        ((CALLER, now), {"reason": "boredom"}, "reason"),
        ((CALLER, now), {"max_attempts": 0}, "max_attempts"),
    ]
    for args, kw, field in cases:
        with pytest.raises(ValidationError) as err:
            backend.schedule_callback(*args, **kw)  # type: ignore[arg-type]
        assert err.value.field == field
    with pytest.raises(NotFound):
        backend.schedule_callback(CALLER, now, ticket_id=404)
    assert backend.list_callbacks() == []


def test_reached_with_satisfaction_closes_the_callback(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    cb = backend.schedule_callback(CALLER, clock.now(), reason="resolved")
    with pytest.raises(ValidationError) as err:  # a satisfaction callback asks for the score
        backend.record_callback(cb.id, cb.version, "reached")
    assert err.value.field == "satisfaction"
    with pytest.raises(ValidationError) as err:
        backend.record_callback(cb.id, cb.version, "reached", satisfaction=6)
    assert err.value.field == "satisfaction"
    clock.advance(minutes=3)

    done = backend.record_callback(
        cb.id, cb.version, "reached", satisfaction=5, problem_fixed=True, comment="very happy"
    )

    assert (done.status, done.outcome, done.attempts) == (
        CallbackStatus.DONE,
        CallbackOutcome.REACHED,
        1,
    )
    assert (done.satisfaction, done.problem_fixed, done.comment) == (5, True, "very happy")
    assert (done.agent, done.completed_at) == ("alice", clock.now())
    assert backend.list_callbacks("pending") == []
    assert [c.id for c in backend.list_callbacks("done")] == [cb.id]
    with pytest.raises(ValidationError) as err:
        backend.record_callback(cb.id, done.version, "no_answer")
    assert err.value.field == "status"


def test_not_reached_retries_by_the_policy_then_gives_up(
    backend: Services, clock: FakeClock
) -> None:
    cb = backend.schedule_callback(CALLER, clock.now(), max_attempts=3)

    cb = backend.record_callback(cb.id, cb.version, "no_answer")
    assert (cb.status, cb.attempts, cb.due_at) == (
        CallbackStatus.PENDING,
        1,
        clock.now() + timedelta(hours=2),
    )
    clock.set(cb.due_at)
    cb = backend.record_callback(cb.id, cb.version, CallbackOutcome.BUSY)
    assert (cb.status, cb.attempts, cb.due_at) == (
        CallbackStatus.PENDING,
        2,
        clock.now() + timedelta(hours=20),
    )
    clock.set(cb.due_at)
    cb = backend.record_callback(cb.id, cb.version, "no_answer")

    assert (cb.status, cb.attempts, cb.completed_at) == (
        CallbackStatus.UNREACHABLE,
        3,
        clock.now(),
    )
    assert [c.id for c in backend.list_callbacks("unreachable")] == [cb.id]
    assert backend.list_callbacks() == []


def test_a_wrong_number_closes_at_once(backend: Services, clock: FakeClock) -> None:
    cb = backend.schedule_callback(CALLER, clock.now())
    cb = backend.record_callback(cb.id, cb.version, "wrong_number", comment="a noodle shop")
    assert (cb.status, cb.outcome, cb.attempts) == (
        CallbackStatus.UNREACHABLE,
        CallbackOutcome.WRONG_NUMBER,
        1,
    )


def test_two_agents_recording_the_same_attempt_conflict(
    backend: Services, clock: FakeClock
) -> None:
    cb = backend.schedule_callback(CALLER, clock.now())
    backend.record_callback(cb.id, cb.version, "no_answer")
    with pytest.raises(ConflictError):
        backend.record_callback(cb.id, cb.version, "no_answer")
    assert backend.list_callbacks()[0].attempts == 1


def test_record_callback_validation(backend: Services, clock: FakeClock) -> None:
    cb = backend.schedule_callback(CALLER, clock.now())
    with pytest.raises(ValidationError) as err:
        backend.record_callback(cb.id, cb.version, "ghosted")
    assert err.value.field == "outcome"
    with pytest.raises(NotFound):
        backend.record_callback(404, 1, "reached")
    assert backend.list_callbacks()[0].version == 1


def test_an_answer_arriving_after_the_hang_up_corrects_a_missed_call(backend: Services) -> None:
    """Events from several consoles or threads may land out of order: the answer wins."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    backend.record_call_event("offered", "late-1", now, from_number="13812345678")
    backend.record_call_event("ended", "late-1", now)
    assert [c.reason.value for c in backend.list_callbacks()] == ["missed_call"]
    call = backend.record_call_event("answered", "late-1", now, agent_extension="8001")
    assert call.outcome.value == "answered" and call.agent_extension == "8001"
    assert backend.list_callbacks() == []  # the callback for a call that was answered is gone
