"""The ticket lifecycle: the happy path, holds that pause the SLA, reopen, cancel, illegal moves,
assignment and transfer between departments."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import ConflictError, IllegalTransition, ValidationError
from dispatch_console.domain.sla import Risk
from dispatch_console.ports import TicketQuery
from dispatch_console.services import Services

from .conftest import START, Make

if TYPE_CHECKING:
    from conftest import FakeClock

S = TicketStatus


def test_the_full_lifecycle_records_every_step(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _ = make.job(priority="high")  # standard/high: 30 min, 8 h, 24 h
    t = backend.assign(ticket.id, ticket.version, tech.id)
    assert (t.status, t.assignee_id, t.version) == (S.ASSIGNED, tech.id, 2)

    clock.advance(minutes=10)
    t = backend.transition(t.id, t.version, "accepted")
    assert t.responded_at == START + timedelta(minutes=10)
    clock.advance(minutes=5)
    t = backend.transition(t.id, t.version, S.EN_ROUTE)
    clock.advance(hours=1)
    t = backend.transition(t.id, t.version, S.ON_SITE)
    assert t.arrived_at == clock.now()
    t = backend.transition(t.id, t.version, S.IN_PROGRESS)
    clock.advance(hours=2)
    t = backend.transition(t.id, t.version, S.RESOLVED)
    assert t.resolved_at == clock.now()
    clock.advance(days=1)
    t = backend.transition(t.id, t.version, S.CLOSED)
    assert t.closed_at == clock.now()

    stored = backend.get_ticket(ticket.id)
    assert stored.status is S.CLOSED
    assert stored.version == 8
    assert [c.risk(clock.now()) for c in stored.sla_clocks()] == [Risk.MET, Risk.MET, Risk.MET]
    history = backend.ticket_history(ticket.id)
    assert [t.to_status for t in history.transitions] == [
        S.NEW,
        S.ASSIGNED,
        S.ACCEPTED,
        S.EN_ROUTE,
        S.ON_SITE,
        S.IN_PROGRESS,
        S.RESOLVED,
        S.CLOSED,
    ]
    assert all(t.actor == "alice" for t in history.transitions)
    assert [t.from_status for t in history.transitions[1:]] == [
        t.to_status for t in history.transitions[:-1]
    ]


def test_a_late_response_is_met_late(backend: Services, make: Make, clock: FakeClock) -> None:
    ticket, tech, _ = make.job(priority="critical")  # respond within 15 min
    t = make.ticket_in(S.ASSIGNED, ticket, tech)
    clock.advance(minutes=20)
    t = backend.transition(t.id, t.version, S.ACCEPTED)
    response = t.sla_clocks()[0]
    assert response.risk(clock.now()) is Risk.MET_LATE


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.NEW, S.RESOLVED, ["assigned", "on_hold", "cancelled"]),
        (S.ON_SITE, S.CANCELLED, ["in_progress", "on_hold", "resolved"]),
        (S.RESOLVED, S.IN_PROGRESS, ["closed", "reopened"]),
    ],
)
def test_an_illegal_transition_lists_the_allowed_states(
    backend: Services, make: Make, current: S, target: S, allowed: list[str]
) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(current, ticket, tech) if current is not S.NEW else ticket
    before = backend.last_event_id()

    with pytest.raises(IllegalTransition) as err:
        backend.transition(t.id, t.version, target, "because")

    assert (err.value.current, err.value.target) == (current.value, target.value)
    assert list(err.value.allowed) == allowed
    for state in allowed:
        assert state in str(err.value)
    assert backend.get_ticket(t.id).version == t.version
    assert backend.last_event_id() == before


def test_a_cancelled_ticket_is_final(backend: Services, make: Make) -> None:
    t = make.ticket()
    t = backend.transition(t.id, t.version, S.CANCELLED, "duplicate of another ticket")
    with pytest.raises(IllegalTransition) as err:
        backend.transition(t.id, t.version, S.REOPENED, "the customer called again")
    assert err.value.allowed == ()
    assert "final" in str(err.value)


@pytest.mark.parametrize("target", [S.ON_HOLD, S.CANCELLED])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_hold_and_cancel_need_a_reason(
    backend: Services, make: Make, target: S, reason: str | None
) -> None:
    t = make.ticket()
    with pytest.raises(ValidationError) as err:
        backend.transition(t.id, t.version, target, reason)
    assert err.value.field == "reason"
    assert backend.get_ticket(t.id).status is S.NEW


def test_reopen_needs_a_reason(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.RESOLVED, ticket, tech)
    with pytest.raises(ValidationError) as err:
        backend.transition(t.id, t.version, S.REOPENED)
    assert err.value.field == "reason"


def test_an_unknown_status_is_a_validation_error(backend: Services, make: Make) -> None:
    t = make.ticket()
    with pytest.raises(ValidationError) as err:
        backend.transition(t.id, t.version, "teleported")
    assert err.value.field == "status"


def test_cancel_keeps_the_reason_in_the_timeline(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ACCEPTED, ticket, tech)
    t = backend.transition(t.id, t.version, "cancelled", "customer fixed it themselves")
    assert t.status is S.CANCELLED
    last = backend.ticket_history(t.id).transitions[-1]
    assert (last.from_status, last.to_status, last.reason) == (
        S.ACCEPTED,
        S.CANCELLED,
        "customer fixed it themselves",
    )


def test_hold_pauses_the_sla_and_resume_shifts_deadlines_by_the_hold(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _ = make.job(priority="critical")  # standard/critical: 15 min, 4 h, 8 h
    t = make.ticket_in(S.ACCEPTED, ticket, tech)  # responded at START
    clock.advance(hours=1)
    t = backend.transition(t.id, t.version, S.ON_HOLD, "waiting for a spare part")
    assert (t.held_from, t.hold_started_at, t.hold_reason) == (
        S.ACCEPTED,
        clock.now(),
        "waiting for a spare part",
    )

    clock.advance(hours=30)  # far past every deadline, but the clocks are stopped
    held = backend.get_ticket(t.id)
    assert [c.risk(clock.now()) for c in held.sla_clocks()] == [
        Risk.MET,
        Risk.PAUSED,
        Risk.PAUSED,
    ]
    assert not backend.search_tickets(TicketQuery(breaching_before=clock.now())).items

    # resume: only the allowed way back is where it came from (or cancel)
    with pytest.raises(IllegalTransition) as err:
        backend.transition(t.id, t.version, S.EN_ROUTE)
    assert set(err.value.allowed) == {"accepted", "cancelled"}
    t = backend.transition(t.id, t.version, S.ACCEPTED)

    assert t.response_due_at == START + timedelta(minutes=15)  # met before the hold: unchanged
    assert t.arrival_due_at == START + timedelta(hours=4 + 30)
    assert t.resolution_due_at == START + timedelta(hours=8 + 30)
    assert (t.held_from, t.hold_started_at, t.hold_reason) == (None, None, None)
    assert [c.risk(clock.now()) for c in t.sla_clocks()][1:] == [Risk.OK, Risk.OK]
    assert backend.ticket_history(t.id).transitions[-2].reason == "waiting for a spare part"


def test_hold_from_new_shifts_every_deadline(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    t = make.ticket(priority="normal")  # 2 h, 24 h, 48 h
    clock.advance(minutes=30)
    t = backend.transition(t.id, t.version, S.ON_HOLD, "customer on holiday")
    clock.advance(hours=5)
    t = backend.transition(t.id, t.version, S.NEW)
    assert t.response_due_at == START + timedelta(hours=2 + 5)
    assert t.arrival_due_at == START + timedelta(hours=24 + 5)
    assert t.resolution_due_at == START + timedelta(hours=48 + 5)


def test_cancel_from_hold(backend: Services, make: Make) -> None:
    t = make.ticket()
    t = backend.transition(t.id, t.version, S.ON_HOLD, "waiting")
    t = backend.transition(t.id, t.version, S.CANCELLED, "customer withdrew")
    assert t.status is S.CANCELLED
    assert t.hold_started_at is None


def test_reopen_after_close_restarts_arrival_and_resolution(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _ = make.job(priority="normal")  # 2 h, 24 h, 48 h
    t = make.ticket_in(S.CLOSED, ticket, tech)
    clock.advance(days=3)

    t = backend.transition(t.id, t.version, S.REOPENED, "it drips again")

    assert t.status is S.REOPENED
    assert t.reopen_count == 1
    assert (t.resolved_at, t.closed_at, t.arrived_at) == (None, None, None)
    assert t.arrival_due_at == clock.now() + timedelta(hours=24)
    assert t.resolution_due_at == clock.now() + timedelta(hours=48)
    # back to work: the same technician, or another one
    other = make.technician()
    t = backend.assign(t.id, t.version, other.id)
    assert (t.status, t.assignee_id) == (S.ASSIGNED, other.id)
    t = make.ticket_in(S.RESOLVED, t, other)
    t = backend.transition(t.id, t.version, S.REOPENED, "still drips")
    assert t.reopen_count == 2


def test_assign_and_reassign(backend: Services, make: Make) -> None:
    dept = make.department()
    wang, zhao = make.technician(dept, "Wang"), make.technician(dept, "Zhao")
    t = make.ticket()  # no department yet: the technician's is taken
    t = backend.assign(t.id, t.version, wang.id)
    assert (t.status, t.assignee_id, t.department_id) == (S.ASSIGNED, wang.id, dept.id)
    t = backend.transition(t.id, t.version, S.ACCEPTED)

    t = backend.assign(t.id, t.version, zhao.id)

    assert (t.status, t.assignee_id) == (S.ASSIGNED, zhao.id)
    events = [e for e in backend.events_after(0) if e.kind == "assigned"]
    assert [e.payload["changes"]["assignee_id"] for e in events] == [
        [None, wang.id],
        [wang.id, zhao.id],
    ]


def test_unassign_by_moving_back_to_new(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ASSIGNED, ticket, tech)
    t = backend.transition(t.id, t.version, S.NEW)
    assert (t.status, t.assignee_id) == (S.NEW, None)


def test_assign_is_refused_once_work_has_started(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ON_SITE, ticket, tech)
    with pytest.raises(IllegalTransition) as err:
        backend.assign(t.id, t.version, make.technician().id)
    assert "on_site" in str(err.value)
    assert backend.get_ticket(t.id).assignee_id == tech.id


def test_assigned_states_need_a_technician(backend: Services, make: Make) -> None:
    t = make.ticket()
    with pytest.raises(ValidationError) as err:
        backend.transition(t.id, t.version, S.ASSIGNED)
    assert err.value.field == "assignee_id"


def test_transfer_resets_the_assignment(backend: Services, make: Make) -> None:
    north, south = make.department("North"), make.department("South")
    ticket, tech, _ = make.job(department=north)
    t = make.ticket_in(S.ACCEPTED, ticket, tech)

    t = backend.transfer(t.id, t.version, south.id, "the site is in the south district")

    assert (t.status, t.assignee_id, t.department_id) == (S.NEW, None, south.id)
    last = backend.ticket_history(t.id).transitions[-1]
    assert (last.from_status, last.to_status, last.reason) == (
        S.ACCEPTED,
        S.NEW,
        "the site is in the south district",
    )
    event = backend.events_after(backend.last_event_id() - 1)[0]
    assert event.kind == "transferred"
    assert event.payload["changes"]["department_id"] == [north.id, south.id]


def test_transfer_of_a_held_ticket_resumes_unassigned(backend: Services, make: Make) -> None:
    north, south = make.department("North"), make.department("South")
    ticket, tech, _ = make.job(department=north)
    t = make.ticket_in(S.ASSIGNED, ticket, tech)
    t = backend.transition(t.id, t.version, S.ON_HOLD, "waiting")
    t = backend.transfer(t.id, t.version, south.id, "wrong team")
    assert (t.status, t.held_from, t.assignee_id) == (S.ON_HOLD, S.NEW, None)
    t = backend.transition(t.id, t.version, S.NEW)
    assert t.status is S.NEW


def test_transfer_needs_a_reason_and_another_department(backend: Services, make: Make) -> None:
    dept = make.department()
    t = make.ticket(department_id=dept.id)
    with pytest.raises(ValidationError) as err:
        backend.transfer(t.id, t.version, make.department().id, " ")
    assert err.value.field == "reason"
    with pytest.raises(ValidationError) as err:
        backend.transfer(t.id, t.version, dept.id, "again")
    assert err.value.field == "department_id"


def test_transfer_is_refused_once_on_site(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ON_SITE, ticket, tech)
    with pytest.raises(IllegalTransition):
        backend.transfer(t.id, t.version, make.department().id, "wrong team")


def test_a_stale_transition_is_a_conflict_not_a_rule(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ASSIGNED, ticket, tech)
    backend.transition(t.id, t.version, S.ACCEPTED)
    # the stale user still sees "assigned"; they hear about the change, not about the state machine
    with pytest.raises(ConflictError) as err:
        backend.transition(t.id, t.version, S.CANCELLED, "customer withdrew")
    assert "status" in err.value.changed_fields
    assert err.value.changed_by == ("alice",)
