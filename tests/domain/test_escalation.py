"""SLA escalation: the assignee is told first, the supervisor nearer the deadline, a missed
deadline is marked (and re-dispatched where the desk wants it); on hold nothing happens; each
level happens once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.escalation import (
    DueTicket,
    EscalationPolicy,
    Level,
    carried_level,
    escalate,
    level_due,
)
from dispatch_console.domain.sla import Milestone

DUE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
POLICY = EscalationPolicy(redispatch=frozenset({Milestone.ARRIVAL}))


@pytest.mark.parametrize(
    ("minutes_left", "level"),
    [(45, Level.NONE), (30, Level.ASSIGNEE), (16, Level.ASSIGNEE), (15, Level.SUPERVISOR),
     (1, Level.SUPERVISOR), (0, Level.BREACHED), (-90, Level.BREACHED)],
)  # fmt: skip
def test_the_level_climbs_as_the_arrival_deadline_nears(minutes_left: int, level: Level) -> None:
    now = DUE - timedelta(minutes=minutes_left)
    assert level_due(POLICY, Milestone.ARRIVAL, DUE, now) is level


def test_each_level_happens_once_and_a_missed_scan_jumps_to_the_level_due() -> None:
    ten_to = DUE - timedelta(minutes=10)
    step = escalate(POLICY, 7, TicketStatus.EN_ROUTE, Milestone.ARRIVAL, DUE, Level.NONE, ten_to)
    assert step is not None and step.level is Level.SUPERVISOR  # straight past the assignee
    again = escalate(POLICY, 7, TicketStatus.EN_ROUTE, Milestone.ARRIVAL, DUE, step.level, ten_to)
    assert again is None


def test_a_missed_arrival_is_redispatched_unless_the_technician_is_there() -> None:
    late = DUE + timedelta(minutes=1)
    step = escalate(POLICY, 7, TicketStatus.ACCEPTED, Milestone.ARRIVAL, DUE, Level.SUPERVISOR,
                    late)  # fmt: skip
    assert step is not None and step.level is Level.BREACHED and step.redispatch
    step = escalate(POLICY, 7, TicketStatus.IN_PROGRESS, Milestone.RESOLUTION, DUE,
                    Level.SUPERVISOR, late)  # fmt: skip
    assert step is not None and not step.redispatch  # resolution is not in the policy's list


def test_a_technician_on_the_way_is_not_taken_off_a_missed_arrival() -> None:
    late = DUE + timedelta(minutes=1)
    step = escalate(POLICY, 7, TicketStatus.EN_ROUTE, Milestone.ARRIVAL, DUE, Level.NONE, late)
    assert step is not None and step.level is Level.BREACHED and not step.redispatch


def test_a_moved_deadline_keeps_only_the_level_its_new_deadline_has_reached() -> None:
    def due(level: Level, reached_against: datetime, now_due: datetime) -> DueTicket:
        return DueTicket(7, TicketStatus.ACCEPTED, Milestone.ARRIVAL, now_due, level, 3, 1,
                         reached_against)  # fmt: skip

    now = DUE + timedelta(minutes=2)
    held_a_little = due(Level.BREACHED, DUE, DUE + timedelta(minutes=1))  # still missed
    assert held_a_little.moved and carried_level(POLICY, held_a_little, now) is Level.BREACHED
    put_off = due(Level.SUPERVISOR, DUE, DUE + timedelta(hours=6))  # a lower priority
    assert carried_level(POLICY, put_off, now) is Level.NONE  # climbs afresh
    same = due(Level.SUPERVISOR, DUE, DUE)
    assert not same.moved and carried_level(POLICY, same, now) is Level.SUPERVISOR


def test_nothing_escalates_on_hold() -> None:
    late = DUE + timedelta(hours=3)
    assert (
        escalate(POLICY, 7, TicketStatus.ON_HOLD, Milestone.ARRIVAL, DUE, Level.NONE, late) is None
    )


def test_a_policy_where_the_supervisor_hears_first_is_refused() -> None:
    bad = EscalationPolicy(
        assignee_lead={Milestone.ARRIVAL: timedelta(minutes=10)},
        supervisor_lead={Milestone.ARRIVAL: timedelta(minutes=30)},
    )
    with pytest.raises(ValidationError, match="after the assignee"):
        bad.validate()
    EscalationPolicy().validate()
    assert EscalationPolicy().longest_lead == timedelta(hours=2)
