"""The callback (回访) workflow: rules that schedule callbacks for resolved tickets, outcomes that
close, retry or reopen, claims that keep two agents off one callback, supervisors' review."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.callbacks import CallbackFilter, CallbackRule, SuggestionWords
from dispatch_console.domain.calls import Callback
from dispatch_console.domain.enums import CallbackReason, CallbackStatus, TicketStatus
from dispatch_console.domain.errors import (
    ClaimedElsewhere,
    ConflictError,
    PermissionDenied,
    ValidationError,
)
from dispatch_console.domain.model import Technician
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock

CALLER = "138 1234 5678"
BOB = Actor("bob", role="agent")
SUE = Actor("sue", role="supervisor")


def resolved(make: Make, **kw: object) -> tuple[Ticket, Technician]:
    customer = make.customer(phones=(CALLER,))
    ticket, tech, _ = make.job(customer=customer, **kw)
    return make.ticket_in(TicketStatus.RESOLVED, ticket, tech), tech


def waiting(backend: Services, ticket: Ticket) -> Callback:
    (cb,) = [c for c in backend.ticket_history(ticket.id).callbacks if c.status.value == "pending"]
    return cb


# --- rules ---------------------------------------------------------------------------------------


def test_resolving_a_ticket_schedules_its_callback_for_the_next_business_day(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech = resolved(make)  # Monday 17:00 in Shanghai
    cb = waiting(backend, ticket)
    assert cb.reason is CallbackReason.RESOLVED
    assert cb.due_at == datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # Tuesday 10:00 CST
    assert cb.sla_due_at == cb.due_at + timedelta(hours=8)
    assert (cb.technician_id, cb.phone, cb.ticket_id) == (tech.id, "+8613812345678", ticket.id)

    clock.advance(days=4)  # Friday evening: the callback waits for Monday
    friday, _ = resolved(make)
    assert waiting(backend, friday).due_at == datetime(2026, 3, 9, 2, 0, tzinfo=UTC)


def test_the_most_specific_rule_wins_and_a_disabled_one_schedules_nothing(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], clock: FakeClock
) -> None:
    sue = act_as(SUE)
    lifts = sue.save_callback_rule(
        CallbackRule(0, category="lift", delay_kind="hours", delay_hours=2, sla_hours=4)
    )
    chat = sue.save_callback_rule(CallbackRule(0, channel="chat", enabled=False))  # type: ignore[arg-type]
    assert lifts.id and chat.id and len(sue.callback_rules()) == 3

    lift_ticket, _ = resolved(make, category="lift")
    assert waiting(backend, lift_ticket).due_at == clock.now() + timedelta(hours=2)
    hvac_ticket, _ = resolved(make, category="hvac")  # the default rule: next business day
    assert waiting(backend, hvac_ticket).due_at.hour == 2
    # the chat rule is the most specific for chat tickets, and it is off: no callback
    (default,) = [r for r in sue.callback_rules() if r.category is None and r.channel is None]
    default.enabled = False
    sue.save_callback_rule(default)
    chat_ticket, _ = resolved(make, channel="chat")
    assert backend.ticket_history(chat_ticket.id).callbacks == []


def test_rules_are_validated_and_only_supervisors_change_them(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    sue = act_as(SUE)
    for bad, field in [
        (CallbackRule(0, timezone="Mars/Olympus"), "timezone"),
        (CallbackRule(0, at_hour=24), "at_hour"),
        (CallbackRule(0, delay_kind="whenever"), "delay_kind"),
        (CallbackRule(0, sla_hours=0), "sla_hours"),
        (CallbackRule(0, channel="pigeon"), "channel"),  # type: ignore[arg-type]
    ]:
        with pytest.raises(ValidationError) as err:
            sue.save_callback_rule(bad)
        assert err.value.field == field
    with pytest.raises(PermissionDenied):
        backend.save_callback_rule(CallbackRule(0))  # alice is an agent
    (rule,) = sue.callback_rules()
    rule.sla_hours = 4
    assert sue.save_callback_rule(rule).version == 2
    stale = CallbackRule(rule.id, sla_hours=6, version=1)  # opened before that save
    with pytest.raises(ConflictError):
        sue.save_callback_rule(stale)
    assert sue.callback_rules()[0].sla_hours == 4


# --- outcomes ------------------------------------------------------------------------------------


def test_a_satisfied_customer_closes_the_callback_and_the_ticket_stays_resolved(
    backend: Services, make: Make
) -> None:
    ticket, _ = resolved(make)
    cb = waiting(backend, ticket)
    with pytest.raises(ValidationError) as err:
        backend.record_callback(cb.id, cb.version, "reached", satisfaction=5)
    assert err.value.field == "problem_fixed"
    done = backend.record_callback(cb.id, cb.version, "reached", satisfaction=5, problem_fixed=True)
    assert (done.status, done.reopened) == (CallbackStatus.DONE, False)
    assert backend.get_ticket(ticket.id).status is TicketStatus.RESOLVED


@pytest.mark.parametrize(("score", "fixed"), [(2, True), (4, False), (1, False)])
def test_an_unhappy_or_unfixed_answer_reopens_the_ticket_for_dispatch(
    backend: Services, make: Make, score: int, fixed: bool
) -> None:
    ticket, tech = resolved(make)
    cb = waiting(backend, ticket)
    with pytest.raises(ValidationError) as err:  # the reopened ticket needs to say what is wrong
        backend.record_callback(
            cb.id, cb.version, "reached", satisfaction=score, problem_fixed=fixed
        )
    assert err.value.field == "comment"

    done = backend.record_callback(
        cb.id, cb.version, "reached", satisfaction=score, problem_fixed=fixed,
        comment="still leaking under the unit",
    )  # fmt: skip

    assert done.reopened and done.status is CallbackStatus.DONE
    again = backend.get_ticket(ticket.id)
    assert (again.status, again.reopen_count, again.assignee_id) == (
        TicketStatus.REOPENED, 1, tech.id
    )  # fmt: skip
    last = backend.ticket_history(ticket.id).transitions[-1]
    assert (last.to_status, last.reason) == (TicketStatus.REOPENED, "still leaking under the unit")
    # fixed again: the next resolution is called back too (and it was not a first-time fix)
    again = backend.assign(again.id, again.version, tech.id)
    for step in ("accepted", "en_route", "on_site", "in_progress", "resolved"):
        again = backend.transition(again.id, again.version, step)
    assert waiting(backend, again).id != cb.id


def test_the_answer_the_reopened_ticket_and_whom_to_send_are_one_use_case(
    backend: Services, make: Make
) -> None:
    ticket, tech = resolved(make)
    cb = waiting(backend, ticket)
    words = SuggestionWords("建议派单：%1", "原技术员")
    with pytest.raises(ValidationError):  # a note the database cannot keep: nothing is kept
        backend.record_callback_with_suggestions(
            cb.id, cb.version, "reached", satisfaction=1, problem_fixed=False,
            comment="still leaking", words=SuggestionWords("\x00 %1", "same"),
        )  # fmt: skip
    assert waiting(backend, ticket).attempts == 0
    assert backend.get_ticket(ticket.id).status is TicketStatus.RESOLVED

    done = backend.record_callback_with_suggestions(
        cb.id, cb.version, "reached", satisfaction=1, problem_fixed=False,
        comment="still leaking", words=words,
    )  # fmt: skip
    assert done.callback.reopened and done.callback.status is CallbackStatus.DONE
    assert [(s.technician_id, s.same_technician) for s in done.suggestions] == [(tech.id, True)]
    history = backend.ticket_history(ticket.id)
    assert history.ticket.status is TicketStatus.REOPENED
    assert [c.body for c in history.comments] == [f"建议派单：{tech.name} (原技术员)"]

    happy, _tech = resolved(make)
    cb = waiting(backend, happy)
    kept = backend.record_callback_with_suggestions(
        cb.id, cb.version, "reached", satisfaction=5, problem_fixed=True
    )
    assert (kept.callback.reopened, kept.suggestions) == (False, [])
    assert backend.ticket_history(happy.id).comments == []


def test_a_ticket_reopened_or_cancelled_otherwise_withdraws_its_callback(
    backend: Services, make: Make
) -> None:
    ticket, tech = resolved(make)
    cb = waiting(backend, ticket)
    ticket = backend.transition(ticket.id, ticket.version, "reopened", "customer rang: noise")
    (withdrawn,) = backend.ticket_history(ticket.id).callbacks
    assert withdrawn.status is CallbackStatus.CANCELLED
    with pytest.raises(ValidationError) as err:
        backend.record_callback(cb.id, withdrawn.version, "reached", satisfaction=1,
                                problem_fixed=False, comment="noise")  # fmt: skip
    assert err.value.field == "status"
    # the next resolution is asked about by a callback of its own
    ticket = backend.assign(ticket.id, ticket.version, tech.id)
    for step in ("accepted", "en_route", "on_site", "in_progress", "resolved"):
        ticket = backend.transition(ticket.id, ticket.version, step)
    assert waiting(backend, ticket).id != cb.id


def test_a_long_note_reopens_the_ticket_with_the_start_of_it_and_keeps_it_whole(
    backend: Services, make: Make
) -> None:
    ticket, _ = resolved(make)
    cb = waiting(backend, ticket)
    note = "门还是关不严。" * 100  # 700 characters
    done = backend.record_callback(
        cb.id, cb.version, "reached", satisfaction=1, problem_fixed=False, comment=note
    )
    assert done.comment == note
    reason = backend.ticket_history(ticket.id).transitions[-1].reason or ""
    assert len(reason) == 400 and reason.endswith("…") and note.startswith(reason[:-1])


def test_not_reached_is_retried_by_the_policy_then_closed_as_unreachable(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, _ = resolved(make)
    cb = waiting(backend, ticket)
    cb = backend.record_callback(cb.id, cb.version, "no_answer", comment="wife: after 6 pm")
    assert (cb.status, cb.due_at) == (CallbackStatus.PENDING, clock.now() + timedelta(hours=2))
    assert cb.sla_due_at == cb.due_at + timedelta(hours=8)  # a retry has the same time to do it
    cb = backend.record_callback(cb.id, cb.version, "busy")
    assert cb.due_at == clock.now() + timedelta(hours=20)  # three attempts over about two days
    cb = backend.record_callback(cb.id, cb.version, "no_answer", comment="still nobody")
    assert (cb.status, cb.attempts) == (CallbackStatus.UNREACHABLE, 3)
    assert cb.comment == "wife: after 6 pm\nstill nobody"  # no attempt's note is lost
    assert backend.get_ticket(ticket.id).status is TicketStatus.RESOLVED


# --- claims --------------------------------------------------------------------------------------


def test_a_claimed_callback_is_the_claimers_until_the_lease_runs_out(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], clock: FakeClock
) -> None:
    ticket, _ = resolved(make)
    cb = waiting(backend, ticket)
    bob = act_as(BOB)
    mine = backend.claim_callback(cb.id)
    assert (mine.claimed_by, mine.claim_expires_at) == (
        "alice",
        clock.now() + timedelta(minutes=10),
    )
    with pytest.raises(ClaimedElsewhere) as err:
        bob.claim_callback(cb.id)
    assert err.value.holder == "alice"
    with pytest.raises(ClaimedElsewhere):
        bob.record_callback(cb.id, mine.version, "no_answer")
    assert backend.claim_callback(cb.id).claim_expires_at == clock.now() + timedelta(minutes=10)

    clock.advance(minutes=11)  # alice went to lunch: the lease ran out
    taken = bob.claim_callback(cb.id)
    assert taken.claimed_by == "bob"
    released = bob.release_callback(cb.id)
    assert released.claimed_by is None
    done = backend.record_callback(
        cb.id, released.version, "reached", satisfaction=4, problem_fixed=True
    )
    assert (done.agent, done.claimed_by) == ("alice", None)


def test_two_consoles_claiming_at_once_one_wins(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    ticket, _ = resolved(make)
    cb = waiting(backend, ticket)
    agents = [act_as(Actor(f"agent{i}", role="agent")) for i in range(4)]
    start = threading.Barrier(len(agents))
    won: list[str] = []
    lost: list[str] = []

    def claim(services: Services) -> None:
        start.wait()
        try:
            won.append(services.claim_callback(cb.id).claimed_by or "")
        except ClaimedElsewhere as exc:
            lost.append(exc.holder)

    threads = [threading.Thread(target=claim, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(won) == 1 and len(lost) == 3
    assert set(lost) == set(won)  # every loser is told who has it
    (stored,) = [c for c in backend.list_callbacks() if c.id == cb.id]
    assert stored.claimed_by == won[0]


# --- supervisors ---------------------------------------------------------------------------------


def test_redispatch_suggests_the_same_technician_or_a_better_rated_one(
    backend: Services, make: Make
) -> None:
    dept = make.department()
    same = make.technician(dept, "Zhao Lei", skills=("hvac",))
    star = make.technician(dept, "Qian Fang", skills=("hvac",))
    for tech, score in [(same, 2), (same, 3), (same, 2), (star, 5), (star, 5), (star, 4)]:
        ticket = make.ticket(customer_id=make.customer(phones=(CALLER,)).id, department_id=dept.id)
        ticket = make.ticket_in(TicketStatus.RESOLVED, ticket, tech)
        cb = waiting(backend, ticket)
        backend.record_callback(
            cb.id, cb.version, "reached", satisfaction=score, problem_fixed=True, comment="ok"
        )
    ticket = make.ticket(customer_id=make.customer(phones=(CALLER,)).id, department_id=dept.id)
    ticket = make.ticket_in(TicketStatus.RESOLVED, ticket, same)
    suggestions = backend.redispatch_suggestions(ticket.id)
    assert [(s.name, s.same_technician) for s in suggestions] == [
        ("Zhao Lei", True),
        ("Qian Fang", False),
    ]
    assert suggestions[0].average == pytest.approx(7 / 3)
    assert suggestions[1].average == pytest.approx(14 / 3)


def test_supervisors_review_filter_reassign_and_see_the_dashboard(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], clock: FakeClock
) -> None:
    root = act_as(Actor("root", role="admin"))
    root.create_user("bob", "Bob", "agent", "correct horse battery")
    sue = act_as(SUE)
    bob = act_as(BOB)
    day1 = clock.now()
    happy, tech = resolved(make)
    cb = waiting(backend, happy)
    clock.advance(hours=18)  # Tuesday 11:00 CST, on time
    backend.record_callback(cb.id, cb.version, "reached", satisfaction=5, problem_fixed=True)
    unhappy, _ = resolved(make)
    cb = waiting(backend, unhappy)
    clock.advance(days=1, hours=8)  # Wednesday 19:00 CST: after its deadline (18:00)
    bob.record_callback(
        cb.id, cb.version, "reached", satisfaction=1, problem_fixed=False, comment="rude"
    )
    third, _ = resolved(make)
    pending = waiting(backend, third)

    everything = sue.review_callbacks(CallbackFilter())
    assert len(everything) == 3
    low = sue.review_callbacks(CallbackFilter(low_only=True))
    assert [(r.callback.agent, r.flagged, r.technician_name) for r in low] == [
        ("bob", True, "Wang Wei")
    ]
    assert low[0].ticket_number == unhappy.number
    assert [r.callback.agent for r in sue.review_callbacks(CallbackFilter(agent="alice"))] == [
        "alice"
    ]
    assert len(sue.review_callbacks(CallbackFilter(technician_id=tech.id))) == 1
    assert sue.review_callbacks(CallbackFilter(since=clock.now() + timedelta(hours=1))) == []
    # an agent reviewing sees only their own
    assert [r.callback.agent for r in bob.review_callbacks(CallbackFilter())] == ["bob"]

    with pytest.raises(PermissionDenied):
        bob.reassign_callback(pending.id, pending.version, "bob")
    with pytest.raises(ValidationError):
        sue.reassign_callback(pending.id, pending.version, "nobody")
    given = sue.reassign_callback(pending.id, pending.version, "bob")
    assert given.assigned_to == "bob"
    with pytest.raises(ValidationError) as err:  # given to bob: alice cannot take it
        backend.claim_callback(pending.id)
    assert "bob" in err.value.reason
    assert bob.callback_queue()[0].callback.id == pending.id  # bob sees his first
    assert {r.callback.id for r in bob.review_callbacks(CallbackFilter())} == {cb.id, pending.id}

    stats = sue.callback_stats(day1, clock.now() + timedelta(days=1))
    assert (stats.callbacks_done, stats.callbacks_on_time) == (2, 1)
    assert stats.resolved_tickets == 3 and stats.first_time_fixed == 2  # one was reopened
    assert stats.first_time_fix_rate == pytest.approx(2 / 3)
    assert [(day, avg) for day, avg, _ in stats.satisfaction_by_day] == [
        ("2026-03-03", 5.0),
        ("2026-03-04", 1.0),
    ]
    # each resolved() sends its own technician; the lowest-rated comes first
    assert [(t.callbacks, t.average, t.low) for t in stats.technicians] == [
        (1, 1.0, 1),
        (1, 5.0, 0),
    ]
    with pytest.raises(PermissionDenied):
        bob.callback_stats(day1, clock.now())
