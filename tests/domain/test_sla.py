"""SLA targets, deadlines, pauses and the risk colour a dispatcher sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain.enums import Priority, SlaClass
from dispatch_console.domain.sla import (
    AT_RISK_SHARE,
    DEFAULT_TARGETS,
    Milestone,
    Risk,
    SlaClock,
    SlaTargets,
    initial_deadlines,
    next_clock,
    resume_deadlines,
    targets_for,
)

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("sla_class", "priority", "response_min", "arrival_h", "resolution_h"),
    [
        (SlaClass.PREMIUM, Priority.CRITICAL, 10, 2, 4),
        (SlaClass.PREMIUM, Priority.LOW, 240, 24, 72),
        (SlaClass.STANDARD, Priority.CRITICAL, 15, 4, 8),
        (SlaClass.STANDARD, Priority.HIGH, 30, 8, 24),
        (SlaClass.STANDARD, Priority.NORMAL, 120, 24, 48),
        (SlaClass.BASIC, Priority.NORMAL, 480, 48, 96),
        (SlaClass.BASIC, Priority.LOW, 1440, 96, 240),
    ],
)
def test_targets_by_class_and_priority(
    sla_class: SlaClass, priority: Priority, response_min: int, arrival_h: int, resolution_h: int
) -> None:
    t = targets_for(sla_class, priority)
    assert t.response == timedelta(minutes=response_min)
    assert t.arrival == timedelta(hours=arrival_h)
    assert t.resolution == timedelta(hours=resolution_h)


def test_every_class_and_priority_has_targets() -> None:
    for sla_class in SlaClass:
        assert set(DEFAULT_TARGETS[sla_class]) == set(Priority)


@pytest.mark.parametrize("sla_class", list(SlaClass))
def test_more_urgent_priority_never_gets_a_longer_target(sla_class: SlaClass) -> None:
    ordered = sorted(Priority, key=lambda p: p.rank)
    for milestone in Milestone:
        spans = [targets_for(sla_class, p).for_milestone(milestone) for p in ordered]
        assert spans == sorted(spans)


@pytest.mark.parametrize("priority", list(Priority))
def test_better_contract_never_gets_a_longer_target(priority: Priority) -> None:
    for milestone in Milestone:
        premium, standard, basic = (
            targets_for(c, priority).for_milestone(milestone)
            for c in (SlaClass.PREMIUM, SlaClass.STANDARD, SlaClass.BASIC)
        )
        assert premium <= standard <= basic


def test_milestones_come_in_order_within_each_target() -> None:
    for by_priority in DEFAULT_TARGETS.values():
        for t in by_priority.values():
            assert t.response < t.arrival < t.resolution


def test_targets_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        DEFAULT_TARGETS[SlaClass.BASIC] = {}  # type: ignore[index]


def test_initial_deadlines_count_from_creation() -> None:
    deadlines = initial_deadlines(T0, targets_for(SlaClass.STANDARD, Priority.CRITICAL))
    assert deadlines == {
        Milestone.RESPONSE: T0 + 15 * MIN,
        Milestone.ARRIVAL: T0 + 4 * HOUR,
        Milestone.RESOLUTION: T0 + 8 * HOUR,
    }


def _clock(
    target: timedelta = 100 * MIN,
    reached_at: datetime | None = None,
    paused_since: datetime | None = None,
) -> SlaClock:
    return SlaClock(Milestone.RESPONSE, target, T0 + target, reached_at, paused_since)


def test_risk_ok_until_the_last_quarter() -> None:
    clock = _clock()  # due at T0 + 100 min; at risk with less than 25 min left
    assert clock.risk(T0) is Risk.OK
    assert clock.risk(T0 + 75 * MIN) is Risk.OK  # exactly 25 min left is still ok
    assert clock.risk(T0 + 75 * MIN + timedelta(seconds=1)) is Risk.AT_RISK
    assert AT_RISK_SHARE == 0.25


def test_risk_at_risk_then_breached_at_the_deadline() -> None:
    clock = _clock()
    assert clock.risk(T0 + 100 * MIN - timedelta(microseconds=1)) is Risk.AT_RISK
    assert clock.risk(T0 + 100 * MIN) is Risk.BREACHED
    assert clock.risk(T0 + 10 * HOUR) is Risk.BREACHED


def test_time_left_goes_negative_once_breached() -> None:
    clock = _clock()
    assert clock.time_left(T0) == 100 * MIN
    assert clock.time_left(T0 + 130 * MIN) == -30 * MIN


def test_reached_on_the_deadline_is_met_and_later_is_met_late() -> None:
    assert _clock(reached_at=T0 + 100 * MIN).risk(T0 + 10 * HOUR) is Risk.MET
    assert _clock(reached_at=T0 + 5 * MIN).risk(T0 + 10 * HOUR) is Risk.MET
    late = _clock(reached_at=T0 + 100 * MIN + timedelta(seconds=1))
    assert late.risk(T0 + 10 * HOUR) is Risk.MET_LATE


def test_reached_wins_over_pause() -> None:
    clock = _clock(reached_at=T0 + MIN, paused_since=T0 + 2 * MIN)
    assert clock.risk(T0 + 10 * HOUR) is Risk.MET


def test_paused_clock_reports_paused_and_freezes_time_left() -> None:
    clock = _clock(paused_since=T0 + 80 * MIN)  # 20 min left when the hold began
    for later in (T0 + 81 * MIN, T0 + 100 * MIN, T0 + 3 * HOUR, T0 + 30 * HOUR):
        assert clock.time_left(later) == 20 * MIN
        assert clock.risk(later) is Risk.PAUSED


def test_clock_paused_after_the_deadline_stays_breached() -> None:
    clock = _clock(paused_since=T0 + 120 * MIN)
    assert clock.risk(T0 + 5 * HOUR) is Risk.BREACHED
    assert clock.time_left(T0 + 5 * HOUR) == -20 * MIN


def test_resume_shifts_unreached_milestones_by_the_pause_length() -> None:
    deadlines = initial_deadlines(T0, targets_for(SlaClass.STANDARD, Priority.HIGH))
    reached: dict[Milestone, datetime | None] = {
        Milestone.RESPONSE: T0 + 10 * MIN,
        Milestone.ARRIVAL: None,
    }  # resolution missing from `reached` means not reached either
    held_since, now = T0 + HOUR, T0 + 3 * HOUR + 15 * MIN
    shifted = resume_deadlines(deadlines, reached, held_since, now)
    pause = now - held_since
    assert shifted[Milestone.RESPONSE] == deadlines[Milestone.RESPONSE]
    assert shifted[Milestone.ARRIVAL] == deadlines[Milestone.ARRIVAL] + pause
    assert shifted[Milestone.RESOLUTION] == deadlines[Milestone.RESOLUTION] + pause
    assert deadlines == initial_deadlines(T0, targets_for(SlaClass.STANDARD, Priority.HIGH))


def test_resume_keeps_the_time_left_the_hold_froze() -> None:
    clock = _clock(paused_since=T0 + 80 * MIN)
    resumed_at = T0 + 5 * HOUR
    shifted = resume_deadlines({Milestone.RESPONSE: clock.due_at}, {}, T0 + 80 * MIN, resumed_at)
    running = SlaClock(Milestone.RESPONSE, clock.target, shifted[Milestone.RESPONSE], None)
    assert running.time_left(resumed_at) == clock.time_left(resumed_at) == 20 * MIN


def test_resume_with_clock_skew_never_pulls_deadlines_earlier() -> None:
    deadlines = {Milestone.RESOLUTION: T0 + 8 * HOUR}
    assert resume_deadlines(deadlines, {}, T0 + HOUR, T0 + 30 * MIN) == deadlines


def test_resume_only_returns_the_milestones_it_was_given() -> None:
    shifted = resume_deadlines({Milestone.ARRIVAL: T0}, {}, T0, T0 + HOUR)
    assert shifted == {Milestone.ARRIVAL: T0 + HOUR}


def test_next_clock_is_the_first_unreached() -> None:
    targets = SlaTargets(10 * MIN, HOUR, 2 * HOUR)
    clocks = [
        SlaClock(m, targets.for_milestone(m), T0 + targets.for_milestone(m), reached)
        for m, reached in zip(Milestone, (T0, None, None), strict=True)
    ]
    current = next_clock(clocks)
    assert current is not None
    assert current.milestone is Milestone.ARRIVAL
    all_done = [SlaClock(c.milestone, c.target, c.due_at, T0) for c in clocks]
    assert next_clock(all_done) is None
    assert next_clock([]) is None
