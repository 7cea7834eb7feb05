"""What ranking asks of the schedule: the window searched, the desk as it stands now (a job in
hand, someone off duty), and the reasons in the dispatcher's terms, checked against the slot
finder's own answer on a Monday in Shanghai (office hours 08:30-17:30, lunch 12-13)."""

from __future__ import annotations

from datetime import UTC, timedelta

import numpy as np
import pytest

from dispatch_console.domain.candidates import Job, Mode, SlotKind
from dispatch_console.domain.enums import TechnicianStatus
from dispatch_console.domain.ranking import Fleet, FleetMember, SlotColumns, rank, why_not
from dispatch_console.domain.schedule import AbsenceKind
from dispatch_console.domain.schedule.offer import (
    job_in_hand,
    note_for_miss,
    note_for_slot,
    off_duty,
    search_window,
    visit_window,
)
from dispatch_console.domain.schedule.slots import Miss, ScheduleBoard
from dispatch_console.domain.schedule.travel import STRAIGHT_LINE

from .schedule_days import SHANGHAI, SINCE, SITE, UNTIL, at, away, day, job, north, visit

PER_KM = 1.35 / 25 * 60


def test_the_window_is_the_booking_or_from_now_to_the_end_of_tomorrow() -> None:
    now = at(9)
    booked, since, until = search_window(at(14), at(18), now, SHANGHAI, 60)
    assert (booked.starts_at, booked.ends_at, booked.booked) == (at(14), at(18), True)
    assert (since, until) == (SINCE, SINCE + timedelta(days=1))  # the day around it
    open_, since, until = search_window(None, None, now, SHANGHAI, 45)
    assert (open_.starts_at, open_.ends_at, open_.booked) == (now, at(0, day=2), False)
    assert open_.minutes == 45
    assert (since, until) == (SINCE, at(0, day=2))
    # a booking already over is searched as no booking (from now), not as nobody-can-go
    over, _, _ = search_window(at(7), at(8), now, SHANGHAI, 60)
    assert not over.booked and over.starts_at == now


def test_a_slot_says_which_visit_it_follows_and_the_travel_from_there() -> None:
    busy = day(jobs=(job(7, at(13), 60, km=5.0),))
    v = visit(at(14), at(18))
    answer = ScheduleBoard([busy], SINCE, UNTIL).earliest_slots(v, at(9))
    slot = answer.slot(1)
    assert slot is not None
    note = note_for_slot(busy, v, slot.arrives_at.timestamp(), STRAIGHT_LINE)
    trip = np.ceil(5.0 * PER_KM)
    assert note.kind is SlotKind.EARLIEST and note.after_ticket_id == 7
    assert (note.after_starts_at, note.after_ends_at) == (at(13), at(14))
    assert note.travel_minutes == pytest.approx(trip, abs=0.5)
    assert note.at == at(14) + timedelta(minutes=float(trip))
    # nothing before it: from their position
    free = day(jobs=(job(8, at(16), km=1.0),))
    first = ScheduleBoard([free], SINCE, UNTIL).earliest_slots(v, at(9)).slot(1)
    assert first is not None
    early = note_for_slot(free, v, first.arrives_at.timestamp(), STRAIGHT_LINE)
    assert early.after_ticket_id is None and early.at == at(14)


def test_no_slot_is_leave_when_an_absence_takes_the_window_else_off_shift() -> None:
    v = visit(at(14), at(18))
    sick = day(absences=(away(at(0), at(9, day=2), AbsenceKind.SICKNESS),))
    saturday = visit(at(9, day=5), at(12, day=5))
    full = day(jobs=(job(3, at(13), 300),), technician_id=2)
    answers = {
        "sick": note_for_miss(sick, v, Miss.NO_HOURS, at(9)),
        "weekend": note_for_miss(day(), saturday, Miss.NO_HOURS, at(9)),
        "full": note_for_miss(full, v, Miss.NO_ROOM, at(9)),
    }
    assert answers["sick"].kind is SlotKind.ON_LEAVE
    assert (answers["sick"].until, answers["sick"].absence) == (at(9, day=2), "sickness")
    assert answers["weekend"].kind is SlotKind.OFF_SHIFT
    assert answers["full"].kind is SlotKind.NO_FREE_TIME
    # and the board agrees these are misses of those kinds
    board = ScheduleBoard([sick, full], SINCE, UNTIL)
    board_misses = board.earliest_slots(v, at(9)).miss
    assert set(board_misses.values()) == {Miss.NO_HOURS, Miss.NO_ROOM}


def test_off_duty_now_loses_the_rest_of_the_shift_only() -> None:
    gone = off_duty(day(), at(15))
    v_today, v_tomorrow = visit(at(15), at(17)), visit(at(9, day=1), at(12, day=1))
    board = ScheduleBoard([gone], SINCE, UNTIL)
    assert board.earliest_slots(v_today, at(15)).miss == {1: Miss.NO_HOURS}
    assert note_for_miss(gone, v_today, Miss.NO_HOURS, at(15)).absence == "off_duty"
    assert board.earliest_slots(v_tomorrow, at(15)).slot(1) is not None
    assert off_duty(day(), at(20)) == day()  # outside a shift: nothing to take


def test_a_job_in_hand_never_planned_holds_them_for_the_estimate() -> None:
    now = at(10, 7) + timedelta(seconds=31)
    lat, lon = north(2.0)
    held = job_in_hand(5, lat, lon, now, 60)
    assert held.starts_at == at(10, 7) and held.ends_at == at(11, 7)
    busy = day(jobs=(held,))
    short = visit(now, at(17), minutes=30)  # over before lunch
    slot = ScheduleBoard([busy], SINCE, UNTIL).earliest_slots(short, now).slot(1)
    assert slot is not None
    assert slot.arrives_at == at(11, 7) + timedelta(minutes=float(np.ceil(2.0 * PER_KM)))


def test_the_board_and_ranking_agree_on_who_is_listed_and_in_which_order() -> None:
    now = at(9)
    days = [
        day(technician_id=1, jobs=(job(11, at(13), 60, km=5.0),), position=north(1.0)),
        day(technician_id=2, position=north(3.0)),
        day(technician_id=3, absences=(away(at(0), at(0, day=1)),)),
        day(technician_id=4, jobs=(job(12, at(13), 300),)),
    ]
    v = visit(at(14), at(18))
    answer = ScheduleBoard(days, SINCE, UNTIL).earliest_slots(v, now)
    members = [
        FleetMember(i, f"t{i}", 1, ("lift",), TechnicianStatus.AVAILABLE, 5, 0, *north(i), now)
        for i in (1, 2, 3, 4)
    ]
    fleet = Fleet(members)
    columns = SlotColumns(answer.arrivals_for(fleet.ids), at(14).timestamp())
    the_job = Job(99, *SITE, required_skills=("lift",), department_id=1)
    ranking = rank(fleet, the_job, now.astimezone(UTC), Mode.SLOT, slots=columns)
    assert [c.technician_id for c in ranking.candidates] == [2, 1]
    assert why_not(fleet, the_job, 3, Mode.SLOT, slots=columns) is not None
    assert set(answer.miss) == {3, 4}
    assert visit_window(search_window(at(14), at(18), now, SHANGHAI, 60)[0]) == v.window
