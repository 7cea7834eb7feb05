"""Conflicts as values: a window a customer asks for, and one placement on a technician's day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.schedule import (
    AbsenceKind,
    AppointmentWindow,
)
from dispatch_console.domain.schedule.conflicts import (
    ConflictKind,
    ScheduleConflict,
    check_placement,
)
from dispatch_console.domain.schedule.travel import (
    STRAIGHT_LINE,
    StraightLine,
)
from dispatch_console.domain.schedule.windows import window_problems

from .schedule_days import CN, SHANGHAI, at, away, day, job, visit

K = ConflictKind
NOW = at(8)
# 25 km/h with a road factor of 1.35: 1 km as the crow flies takes 3.24, so 4, minutes
ALL_DAY = (at(8), at(18))


def kinds(conflicts: list[object]) -> list[K]:
    return [c.kind for c in conflicts]  # type: ignore[attr-defined]


def test_a_window_that_ends_before_it_starts_or_lasts_months_is_refused() -> None:
    with pytest.raises(ValidationError, match="end after it starts"):
        AppointmentWindow(at(14), at(14))
    with pytest.raises(ValidationError, match="31 days"):
        AppointmentWindow(at(9), at(9, day=40))
    with pytest.raises(ValidationError, match="time zone"):
        AppointmentWindow(datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 10))


def test_a_window_in_the_past_on_a_holiday_or_after_the_sla_deadline() -> None:
    fine = AppointmentWindow(at(14), at(18))
    assert window_problems(fine, NOW, CN, SHANGHAI, arrival_due_at=at(20)) == []
    begun = AppointmentWindow(at(7), at(12))  # already begun: the rest is still bookable
    assert window_problems(begun, NOW, CN, SHANGHAI) == []
    over = AppointmentWindow(at(6), at(7))
    assert kinds(window_problems(over, NOW, CN, SHANGHAI)) == [K.IN_PAST]
    national_day = datetime(2026, 10, 1, 14, tzinfo=SHANGHAI)
    (holiday,) = window_problems(
        AppointmentWindow(national_day, national_day + timedelta(hours=4)), NOW, CN, SHANGHAI
    )
    assert holiday.kind is K.PUBLIC_HOLIDAY and "National Day" in holiday.detail
    assert holiday.blocking
    (late,) = window_problems(fine, NOW, CN, SHANGHAI, arrival_due_at=at(12))
    assert late.kind is K.MISSES_SLA and not late.blocking  # said so, not refused


def test_a_window_touching_a_holiday_in_local_time_is_refused() -> None:
    # 16:30 UTC on 30 September is 00:30 on 1 October in Shanghai
    eve = datetime(2026, 9, 30, 15, 0, tzinfo=UTC)
    problems = window_problems(AppointmentWindow(eve, eve + timedelta(hours=2)), NOW, CN, SHANGHAI)
    assert kinds(problems) == [K.PUBLIC_HOLIDAY]


def test_a_free_slot_has_no_conflict() -> None:
    assert check_placement(day(), visit(*ALL_DAY), at(9), NOW, STRAIGHT_LINE) == []


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (at(7), [K.OUTSIDE_HOURS]),  # before the shift
        (at(17), [K.OUTSIDE_HOURS]),  # runs past 17:30
        (at(11, 30), [K.DURING_BREAK]),  # into lunch
        (at(9, day=5), [K.OUTSIDE_WINDOW, K.OUTSIDE_HOURS]),  # a Saturday, after the window
    ],
)
def test_hours_breaks_and_window(when: datetime, expected: list[K]) -> None:
    found = check_placement(day(), visit(at(6), at(18)), when, at(6), STRAIGHT_LINE)
    assert kinds(found) == expected


def test_the_past_an_absence_and_a_missing_skill() -> None:
    sick = away(at(13), at(18), AbsenceKind.SICKNESS)
    found = check_placement(
        day(absences=(sick,)),
        visit(*ALL_DAY, required_skills=("hvac",)),
        at(14),
        at(15),
        STRAIGHT_LINE,
    )
    assert kinds(found) == [K.MISSING_SKILL, K.IN_PAST, K.ABSENCE, K.NO_TIME_TO_TRAVEL]
    assert found[2].starts_at == sick.starts_at and "sickness" in found[2].detail
    assert "hvac" in found[0].detail


def test_overlap_names_the_other_job() -> None:
    found = check_placement(day((job(5, at(9)),)), visit(*ALL_DAY), at(9, 30), NOW, STRAIGHT_LINE)
    assert kinds(found) == [K.OVERLAP]
    assert found[0].ticket_id == 5


def test_no_time_to_travel_from_the_job_before_and_on_to_the_next() -> None:
    plan = day((job(5, at(9), km=10), job(6, at(11, 30), km=-10)))
    short = visit(*ALL_DAY, minutes=20)
    # 10 km from job 5 takes 33 min (32.4 rounded up): 10:00 + 33 = 10:33
    (before,) = check_placement(plan, short, at(10, 20), NOW, STRAIGHT_LINE)
    assert before.kind is K.NO_TIME_TO_TRAVEL and before.ticket_id == 5
    assert (before.minutes_needed, before.minutes_available) == (33, 20)
    assert check_placement(plan, short, at(10, 33), NOW, STRAIGHT_LINE) == []
    # 30 minutes from 10:33 leave 27 to drive the 10 km on to job 6 at 11:30: too few
    (after,) = check_placement(plan, visit(*ALL_DAY, minutes=30), at(10, 33), NOW, STRAIGHT_LINE)
    assert after.kind is K.NO_TIME_TO_TRAVEL and after.ticket_id == 6
    assert (after.minutes_needed, after.minutes_available) == (33, 27)


def test_travel_may_cross_lunch_but_not_start_before_the_shift() -> None:
    plan = day((job(5, at(11), km=10),))  # ends 12:00; lunch until 13:00
    assert check_placement(plan, visit(*ALL_DAY), at(13), NOW, STRAIGHT_LINE) == []
    # the first job of the day: they set off at 08:30 from their position 10 km away
    far = day(position=(31.2304 + 10 / 111.2, 121.4737))
    (early,) = check_placement(far, visit(*ALL_DAY), at(8, 45), at(7), STRAIGHT_LINE)
    assert early.kind is K.NO_TIME_TO_TRAVEL and early.ticket_id is None
    assert check_placement(far, visit(*ALL_DAY), at(9, 3), at(7), STRAIGHT_LINE) == []


def test_an_unknown_position_makes_the_first_trip_unknown() -> None:
    found = check_placement(day(position=None), visit(*ALL_DAY), at(9), NOW, STRAIGHT_LINE)
    assert kinds(found) == [K.UNKNOWN_POSITION]


def test_late_for_the_sla_is_a_warning() -> None:
    found = check_placement(
        day(), visit(*ALL_DAY, arrival_due_at=at(9)), at(10), NOW, STRAIGHT_LINE
    )
    assert kinds(found) == [K.MISSES_SLA] and not found[0].blocking
    error = ScheduleConflict(found)
    assert error.to_dict()["conflicts"][0]["kind"] == "misses_sla"


def test_moving_a_job_is_checked_against_the_day_without_it() -> None:
    plan = day((job(99, at(9)),))
    assert kinds(check_placement(plan, visit(*ALL_DAY), at(9, 30), NOW, STRAIGHT_LINE)) == [
        K.OVERLAP
    ]
    assert check_placement(plan.without(99), visit(*ALL_DAY), at(9, 30), NOW, STRAIGHT_LINE) == []


def test_the_legs_between_jobs_and_what_they_leave_to_spare() -> None:
    plan = day((job(5, at(9), km=10), job(6, at(10, 20), km=0)))
    first, second = plan.legs(StraightLine())
    assert (first.from_ticket_id, first.to_ticket_id, first.minutes) == (None, 5, 33)
    assert first.spare_minutes == 30 - 33  # from 08:30: three minutes late
    assert (second.from_ticket_id, second.minutes, second.spare_minutes) == (5, 33, 20 - 33)
