"""Properties of the slot finders over random days: the board and the naive loop agree, a slot
they give has no conflict, and no whole minute before it in the window would have done."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatch_console.domain.schedule import (
    AbsenceKind,
    DayHours,
    PlannedJob,
    TimeSpan,
    Visit,
    WeeklyHours,
)
from dispatch_console.domain.schedule.conflicts import (
    check_placement,
)
from dispatch_console.domain.schedule.day import (
    TechnicianDay,
)
from dispatch_console.domain.schedule.slots import (
    ScheduleBoard,
    naive_earliest_slots,
)
from dispatch_console.domain.schedule.spans import ceil_minute, moment, seconds
from dispatch_console.domain.schedule.travel import (
    STRAIGHT_LINE,
)

from .schedule_days import SINCE, UNTIL, away, day, north, visit

HORIZON_MIN = int((UNTIL - SINCE).total_seconds() // 60)
SKILLS = ("lift", "hvac")


def minutes_in(horizon: int = HORIZON_MIN) -> st.SearchStrategy[datetime]:
    # seconds too, not only whole minutes: the finders must round the same way
    return st.integers(0, horizon * 60).map(lambda s: SINCE + timedelta(seconds=s))


def near(focus: datetime) -> st.SearchStrategy[datetime]:
    """A moment within five hours of the window, where jobs and absences bite."""
    lo = max(SINCE, focus - timedelta(hours=5))
    hi = min(UNTIL, focus + timedelta(hours=5))
    span = int((hi - lo).total_seconds())
    return st.integers(0, span).map(lambda s: lo + timedelta(seconds=s))


@st.composite
def weeks(draw: st.DrawFn) -> WeeklyHours:
    if draw(st.booleans()):
        return WeeklyHours.office()
    start = time(draw(st.integers(6, 10)), draw(st.sampled_from((0, 30))))
    end = time(draw(st.integers(15, 20)), draw(st.sampled_from((0, 15))))
    lunch = (TimeSpan(time(12), time(12, draw(st.sampled_from((30, 45))))),)
    shift = DayHours(start, end, lunch if draw(st.booleans()) else ())
    return WeeklyHours(tuple(shift if draw(st.booleans()) else None for _ in range(7)))


@st.composite
def days(draw: st.DrawFn, technician_id: int, focus: datetime) -> TechnicianDay:
    jobs = []
    for n in range(draw(st.integers(0, 7))):
        lat, lon = north(draw(st.floats(-15, 15)))
        jobs.append(
            PlannedJob(
                1000 * technician_id + n, draw(near(focus)), draw(st.integers(15, 180)), lat, lon
            )
        )
    absences = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(near(focus))
        length = timedelta(minutes=draw(st.integers(10, 12 * 60)))
        absences.append(away(start, start + length, draw(st.sampled_from(list(AbsenceKind)))))
    known = draw(st.integers(0, 9)) > 0
    return day(
        tuple(jobs),
        tuple(absences),
        skills=tuple(draw(st.sets(st.sampled_from(SKILLS), min_size=1))),
        position=north(draw(st.floats(-15, 15))) if known else None,
        technician_id=technician_id,
        week=draw(weeks()),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[TechnicianDay], Visit, datetime]:
    start = draw(minutes_in(HORIZON_MIN - 6 * 60))
    end = start + timedelta(minutes=draw(st.integers(1, 6 * 60)))
    fleet = [draw(days(t, start)) for t in range(1, draw(st.integers(1, 4)) + 1)]
    v = visit(
        start,
        end,
        minutes=draw(st.integers(10, 240)),
        km=draw(st.floats(-15, 15)),
        required_skills=tuple(draw(st.sets(st.sampled_from(SKILLS), max_size=1))),
    )
    now = SINCE + (end - SINCE) * draw(st.floats(0, 1))
    return fleet, v, now


def blocking(found: list[object]) -> list[object]:
    return [c for c in found if c.blocking]  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_board_agrees_with_the_naive_loop_and_its_slots_have_no_conflict(
    case: tuple[list[TechnicianDay], Visit, datetime],
) -> None:
    fleet, v, now = case
    slots = ScheduleBoard(fleet, SINCE, UNTIL).earliest_slots(v, now)
    naive = naive_earliest_slots(fleet, v, now)
    for plan in fleet:
        slot = slots.slot(plan.technician_id)
        arrives = None if slot is None else slot.arrives_at
        assert arrives == naive[plan.technician_id]
        if arrives is not None:
            assert arrives.second == 0 and arrives.microsecond == 0
            assert blocking(check_placement(plan, v, arrives, now, STRAIGHT_LINE)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_no_whole_minute_earlier_in_the_window_would_do(
    case: tuple[list[TechnicianDay], Visit, datetime],
) -> None:
    fleet, v, now = case
    slots = ScheduleBoard(fleet, SINCE, UNTIL).earliest_slots(v, now)
    first = ceil_minute(max(seconds(v.window.starts_at), seconds(now)))
    for plan in fleet:
        slot = slots.slot(plan.technician_id)
        last = seconds(v.window.ends_at) if slot is None else seconds(slot.arrives_at) - 60
        t = first
        while t <= last:
            assert blocking(check_placement(plan, v, moment(t), now, STRAIGHT_LINE)), (
                f"technician {plan.technician_id} could arrive at {moment(t)}, before {slot}"
            )
            t += 60.0
        assert math.isfinite(t)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), cases())
def test_a_board_with_days_replaced_answers_as_one_built_afresh(
    first: tuple[list[TechnicianDay], Visit, datetime],
    then: tuple[list[TechnicianDay], Visit, datetime],
) -> None:
    board = ScheduleBoard(first[0], SINCE, UNTIL)
    board.earliest_slots(first[1], first[2])  # joined: later days are spliced in place
    for plan in then[0]:
        board.replace(plan)
    fleet = {d.technician_id: d for d in [*first[0], *then[0]]}
    _, v, now = then
    slots = board.earliest_slots(v, now)
    expected = naive_earliest_slots(fleet.values(), v, now)
    for tid, arrives in expected.items():
        slot = slots.slot(tid)
        assert (None if slot is None else slot.arrives_at) == arrives
