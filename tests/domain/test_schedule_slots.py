"""The earliest slot per technician: worked examples, on the board and the naive loop alike."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from dispatch_console.domain.schedule import (
    AbsenceKind,
    Visit,
)
from dispatch_console.domain.schedule.day import (
    TechnicianDay,
)
from dispatch_console.domain.schedule.slots import (
    Miss,
    ScheduleBoard,
    naive_earliest_slots,
)
from dispatch_console.domain.schedule.travel import (
    STRAIGHT_LINE,
    Floats,
)

from .schedule_days import SINCE, UNTIL, at, away, day, job, visit

NOW = at(8)


def both(days: list[TechnicianDay], v: Visit, now: datetime = NOW) -> dict[int, datetime | None]:
    """The board's answer, checked against the naive loop's."""
    slots = ScheduleBoard(days, SINCE, UNTIL).earliest_slots(v, now)
    found = {d.technician_id: slots.slot(d.technician_id) for d in days}
    board = {t: None if s is None else s.arrives_at for t, s in found.items()}
    assert board == naive_earliest_slots(days, v, now)
    return board


def test_a_free_day_starts_at_the_window_or_once_there() -> None:
    assert both([day()], visit(at(14), at(18))) == {1: at(14)}
    # 10 km away: they set off at 08:30 and arrive 33 minutes later
    assert both([day()], visit(at(8), at(18), km=10)) == {1: at(9, 3)}


def test_after_the_job_before_and_the_travel_from_it() -> None:
    plan = day((job(5, at(8, 30), minutes=90, km=10),))
    assert both([plan], visit(at(9), at(18))) == {1: at(10, 33)}


def test_a_job_too_long_for_the_morning_waits_for_the_afternoon() -> None:
    # 08:30-12:00 is 210 minutes; 240 do not fit before lunch, nor 13:00-17:30 (270) ... they do
    assert both([day()], visit(at(8), at(18), minutes=240)) == {1: at(13)}
    assert both([day()], visit(at(8), at(12), minutes=240)) == {1: None}


def test_room_between_two_jobs_needs_the_travel_on_to_the_second() -> None:
    plan = day((job(5, at(8, 30), km=0), job(6, at(11), km=10)))
    # 09:30 + 60 min + 33 min to job 6 = 11:03 > 11:00: no room before it; after it, 12:33
    # is lunch, so 13:00
    assert both([plan], visit(at(9), at(18))) == {1: at(13)}
    assert both([plan], visit(at(9), at(18), minutes=45)) == {1: at(9, 30)}


def test_absent_technicians_and_those_without_the_skill_have_reasons() -> None:
    days = [
        day(technician_id=1, absences=(away(at(0), at(0, day=1), AbsenceKind.SICKNESS),)),
        day(technician_id=2, skills=("hvac",)),
        day(technician_id=3, position=None),
        day(technician_id=4, jobs=(job(5, at(8, 30), minutes=570),)),
        day(technician_id=5),
    ]
    v = visit(at(9), at(17), required_skills=("lift",))
    assert both(days, v) == {1: None, 2: None, 3: None, 4: None, 5: at(9)}
    slots = ScheduleBoard(days, SINCE, UNTIL).earliest_slots(v, NOW)
    assert slots.miss == {1: Miss.NO_HOURS, 2: Miss.NO_SKILL, 3: Miss.NO_POSITION, 4: Miss.NO_ROOM}


def test_now_comes_first_and_late_minutes_against_the_sla() -> None:
    v = visit(at(9), at(18), km=10, arrival_due_at=at(10))
    assert both([day()], v, now=at(9, 50)) == {1: at(10, 23)}
    (slot,) = ScheduleBoard([day()], SINCE, UNTIL).earliest_slots(v, at(9, 50)).earliest()
    assert slot.late_minutes == 23


def test_earliest_lists_the_first_to_arrive_first() -> None:
    days = [day(technician_id=t, position=(31.2304 + t * 2 / 111.2, 121.4737)) for t in (3, 1, 2)]
    slots = ScheduleBoard(days, SINCE, UNTIL).earliest_slots(visit(at(8), at(18)), NOW)
    assert [s.technician_id for s in slots.earliest(2)] == [1, 2]


def test_replace_and_remove_one_technician() -> None:
    board = ScheduleBoard([day(technician_id=1), day(technician_id=2)], SINCE, UNTIL)
    v = visit(at(9), at(10))
    board.replace(day((job(5, at(9), minutes=120),), technician_id=1))
    assert board.earliest_slots(v, NOW).slot(1) is None
    board.remove(2)
    assert list(board.earliest_slots(v, NOW).technician_ids) == [1]


def test_a_window_beyond_the_board_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="board"):
        ScheduleBoard([day()], SINCE, UNTIL).earliest_slots(
            visit(at(9, day=2), UNTIL + timedelta(hours=1)), NOW
        )


class RoadTimes:
    """A route service's answer: every trip takes 45 minutes."""

    def to_site(self, lat: Floats, lon: Floats, site_lat: float, site_lon: float) -> Floats:
        return np.where(np.isnan(lat), np.nan, 45.0)

    def from_site(self, site_lat: float, site_lon: float, lat: Floats, lon: Floats) -> Floats:
        return np.full(lat.shape, 45.0)


def test_road_times_replace_the_estimate_when_given() -> None:
    plan = [day((job(5, at(8, 30), km=1),))]
    v = visit(at(9), at(18))
    slots = ScheduleBoard(plan, SINCE, UNTIL).earliest_slots(v, NOW, RoadTimes())
    assert slots.slot(1).arrives_at == at(10, 15)  # type: ignore[union-attr]
    assert naive_earliest_slots(plan, v, NOW, RoadTimes()) == {1: at(10, 15)}
    assert naive_earliest_slots(plan, v, NOW, STRAIGHT_LINE) == {1: at(9, 34)}


def test_an_empty_board() -> None:
    slots = ScheduleBoard([], SINCE, UNTIL).earliest_slots(visit(at(9), at(10)), NOW)
    assert slots.earliest() == [] and slots.miss == {}


def test_arrivals_in_another_order_for_ranking() -> None:
    days = [day(technician_id=t) for t in (5, 2, 9)]
    days[1] = day((job(1, at(9), minutes=120),), technician_id=2)
    slots = ScheduleBoard(days, SINCE, UNTIL).earliest_slots(visit(at(9), at(10)), NOW)
    arrive = slots.arrivals_for(np.array([9, 2, 4, 5], dtype=np.int64))
    nine = at(9).timestamp()
    assert arrive[0] == nine and np.isnan(arrive[1]) and np.isnan(arrive[2]) and arrive[3] == nine
    empty = ScheduleBoard([], SINCE, UNTIL).earliest_slots(visit(at(9), at(10)), NOW)
    assert np.isnan(empty.arrivals_for(np.array([1], dtype=np.int64))).all()
