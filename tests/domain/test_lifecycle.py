"""The ticket state machine: which moves are legal, and what each move needs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispatch_console.domain.enums import TicketStatus as S
from dispatch_console.domain.errors import IllegalTransition, ValidationError
from dispatch_console.domain.lifecycle import (
    ASSIGNED_STATES,
    OPEN_STATES,
    REASON_REQUIRED,
    TRANSITIONS,
    allowed_targets,
    check_transition,
)

# The table as the business describes it; the code must match it exactly.
EXPECTED: dict[S, set[S]] = {
    S.NEW: {S.ASSIGNED, S.ON_HOLD, S.CANCELLED},
    S.ASSIGNED: {S.ACCEPTED, S.NEW, S.ON_HOLD, S.CANCELLED},
    S.ACCEPTED: {S.EN_ROUTE, S.ON_SITE, S.NEW, S.ON_HOLD, S.CANCELLED},
    S.EN_ROUTE: {S.ON_SITE, S.ACCEPTED, S.ON_HOLD, S.CANCELLED},
    S.ON_SITE: {S.IN_PROGRESS, S.RESOLVED, S.ON_HOLD},
    S.IN_PROGRESS: {S.RESOLVED, S.ON_HOLD},
    S.ON_HOLD: {S.CANCELLED},
    S.RESOLVED: {S.CLOSED, S.REOPENED},
    S.CLOSED: {S.REOPENED},
    S.REOPENED: {S.ASSIGNED, S.ON_HOLD, S.CANCELLED},
    S.CANCELLED: set(),
}
LEGAL = [(a, b) for a, targets in EXPECTED.items() for b in sorted(targets)]
ILLEGAL = [(a, b) for a in S for b in S if b not in EXPECTED[a]]
HOLDABLE = [s for s in S if S.ON_HOLD in EXPECTED[s]]


def test_table_covers_every_status() -> None:
    assert set(TRANSITIONS) == set(S)
    assert {k: set(v) for k, v in TRANSITIONS.items()} == EXPECTED


def test_transition_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[S.CANCELLED] = frozenset({S.NEW})  # type: ignore[index]


@pytest.mark.parametrize(("current", "target"), LEGAL, ids=str)
def test_every_legal_transition_is_accepted(current: S, target: S) -> None:
    check_transition(current, target, reason="customer asked", assignee_id=7)


@pytest.mark.parametrize(("current", "target"), ILLEGAL, ids=str)
def test_every_other_transition_raises_listing_allowed_states(current: S, target: S) -> None:
    with pytest.raises(IllegalTransition) as info:
        check_transition(current, target, reason="customer asked", assignee_id=7)
    err = info.value
    assert err.current == current.value
    assert err.target == target.value
    assert set(err.allowed) == {s.value for s in EXPECTED[current]}
    for state in err.allowed:
        assert state in str(err)


def test_allowed_states_are_listed_in_workflow_order() -> None:
    with pytest.raises(IllegalTransition) as info:
        check_transition(S.ACCEPTED, S.CLOSED)
    assert info.value.allowed == ("new", "en_route", "on_site", "on_hold", "cancelled")


def test_cancelled_is_final_and_says_so() -> None:
    with pytest.raises(IllegalTransition, match=r"none \(the ticket is final\)"):
        check_transition(S.CANCELLED, S.REOPENED, reason="oops")


def test_resolved_ticket_cannot_skip_back_to_work() -> None:
    with pytest.raises(IllegalTransition, match="allowed next states: closed, reopened"):
        check_transition(S.RESOLVED, S.IN_PROGRESS, assignee_id=1)


@pytest.mark.parametrize("held_from", HOLDABLE)
def test_on_hold_resumes_to_the_state_it_came_from(held_from: S) -> None:
    assert allowed_targets(S.ON_HOLD, held_from) == {held_from, S.CANCELLED}
    check_transition(S.ON_HOLD, held_from, held_from=held_from, assignee_id=3, reason="back")


@pytest.mark.parametrize("held_from", HOLDABLE)
def test_on_hold_does_not_resume_anywhere_else(held_from: S) -> None:
    for other in set(S) - {held_from, S.CANCELLED}:
        with pytest.raises(IllegalTransition):
            check_transition(S.ON_HOLD, other, held_from=held_from, assignee_id=3, reason="x")


def test_on_hold_without_origin_can_only_be_cancelled() -> None:
    assert allowed_targets(S.ON_HOLD) == {S.CANCELLED}
    with pytest.raises(IllegalTransition):
        check_transition(S.ON_HOLD, S.ASSIGNED, assignee_id=3)


def test_held_from_is_ignored_outside_on_hold() -> None:
    assert allowed_targets(S.NEW, held_from=S.IN_PROGRESS) == EXPECTED[S.NEW]


@pytest.mark.parametrize(
    ("current", "target"), [(a, b) for a, b in LEGAL if b in REASON_REQUIRED], ids=str
)
@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_hold_cancel_and_reopen_need_a_reason(current: S, target: S, reason: str | None) -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(current, target, reason=reason, assignee_id=7)
    assert info.value.field == "reason"
    assert target.value in str(info.value)


def test_reason_required_states() -> None:
    assert {S.ON_HOLD, S.CANCELLED, S.REOPENED} == REASON_REQUIRED


@pytest.mark.parametrize(
    ("current", "target"), [(a, b) for a, b in LEGAL if b in ASSIGNED_STATES], ids=str
)
def test_assigned_states_need_an_assignee(current: S, target: S) -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(current, target, reason="r", assignee_id=None)
    assert info.value.field == "assignee_id"
    assert "technician" in str(info.value)


def test_resuming_into_an_assigned_state_needs_the_assignee() -> None:
    with pytest.raises(ValidationError, match="assignee_id"):
        check_transition(S.ON_HOLD, S.EN_ROUTE, held_from=S.EN_ROUTE)


def test_moves_that_need_nothing() -> None:
    check_transition(S.ASSIGNED, S.NEW)  # unassign
    check_transition(S.ON_SITE, S.RESOLVED)
    check_transition(S.RESOLVED, S.CLOSED)


def test_illegal_target_is_reported_before_missing_context() -> None:
    # a user who tries an impossible move should hear that, not "give a reason"
    with pytest.raises(IllegalTransition):
        check_transition(S.CLOSED, S.CANCELLED)


def test_open_states() -> None:
    assert set(S) - OPEN_STATES == {S.RESOLVED, S.CLOSED, S.CANCELLED}


@st.composite
def walks(draw: st.DrawFn) -> list[int]:
    return draw(st.lists(st.integers(min_value=0, max_value=1_000), max_size=40))


@settings(max_examples=300, deadline=None, database=None)
@given(choices=walks())
def test_random_walks_of_legal_moves_stay_in_the_machine(choices: list[int]) -> None:
    state, held_from = S.NEW, None
    for choice in choices:
        targets = allowed_targets(state, held_from)
        if state is S.CANCELLED:
            assert targets == frozenset()
        if not targets:
            break
        ordered = sorted(targets)
        target = ordered[choice % len(ordered)]
        check_transition(state, target, held_from=held_from, reason="why", assignee_id=1)
        for forbidden in set(S) - targets:
            with pytest.raises(IllegalTransition):
                check_transition(state, forbidden, held_from=held_from, reason="r", assignee_id=1)
        if target is S.ON_HOLD:
            held_from = state
        elif state is S.ON_HOLD:
            assert target in (held_from, S.CANCELLED)
            held_from = None
        state = target
        assert state in set(S)
        assert held_from is None or held_from is not S.ON_HOLD
    if state is S.CANCELLED:
        assert allowed_targets(state, held_from) == frozenset()
