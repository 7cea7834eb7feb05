"""Holidays per region (the `holidays` package) and working hours that keep them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.schedule import (
    DayHours,
    HolidayCalendar,
    TimeSpan,
    WeeklyHours,
    hours_for,
    working_time,
)
from dispatch_console.domain.schedule.spans import moment

SHANGHAI = ZoneInfo("Asia/Shanghai")
CN = HolidayCalendar("CN")


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 1, 1), True),  # New Year's Day
        (date(2026, 2, 17), True),  # Spring Festival 2026
        (date(2026, 10, 1), True),  # National Day
        (date(2026, 10, 7), True),  # a day off of the National Day week (substituted)
        (date(2026, 10, 9), False),  # the Friday after: a working day
        (date(2027, 2, 6), True),  # Spring Festival 2027
        (date(2027, 10, 1), True),
        (date(2027, 3, 3), False),
    ],
)
def test_china_statutory_holidays_2026_and_2027(day: date, holiday: bool) -> None:
    assert CN.is_holiday(day) is holiday


def test_holidays_are_named_in_english_and_chinese() -> None:
    assert CN.holiday_name(date(2026, 10, 1)) == "National Day"
    assert CN.holiday_name(date(2026, 10, 1), "zh_CN") == "国庆节"
    assert CN.holiday_name(date(2026, 10, 9)) is None


def test_make_up_working_days_of_2026() -> None:
    # 2026-01-04 is a Sunday worked for the New Year break (调休)
    assert CN.is_makeup_workday(date(2026, 1, 4))
    assert not CN.is_makeup_workday(date(2026, 1, 11))


def test_a_desk_adds_an_arrangement_the_package_does_not_know_yet() -> None:
    extra = HolidayCalendar(
        "CN", extra_holidays=frozenset({date(2027, 3, 3)}), extra_workdays={date(2027, 1, 1)}
    )  # type: ignore[arg-type]
    assert extra.is_holiday(date(2027, 3, 3))
    assert not extra.is_holiday(date(2027, 1, 1))
    assert extra.is_makeup_workday(date(2027, 1, 1))
    # a set given is kept frozen: the calendar keys the working-time cache
    since = datetime(2026, 12, 31, tzinfo=SHANGHAI)
    hours = working_time(WeeklyHours.office(), SHANGHAI, since, since + timedelta(days=2), extra)
    assert _local(hours.shifts) == [("12-31 08:30", "12-31 17:30"), ("01-01 08:30", "01-01 17:30")]


def test_other_regions_and_an_unknown_one() -> None:
    assert HolidayCalendar("hk").region == "HK"
    assert HolidayCalendar("HK").is_holiday(date(2026, 12, 25))
    with pytest.raises(ValidationError) as caught:
        HolidayCalendar("XX")
    assert caught.value.field == "holiday_region"


def _local(spans: list[object]) -> list[tuple[str, str]]:
    return [
        (
            f"{moment(s.start).astimezone(SHANGHAI):%m-%d %H:%M}",  # type: ignore[attr-defined]
            f"{moment(s.end).astimezone(SHANGHAI):%m-%d %H:%M}",
        )  # type: ignore[attr-defined]
        for s in spans
    ]


def test_office_hours_skip_weekends_and_holidays_and_work_make_up_days() -> None:
    week = WeeklyHours.office()
    since = datetime(2025, 12, 31, tzinfo=SHANGHAI)
    hours = working_time(week, SHANGHAI, since, since + timedelta(days=5), CN)
    # Wed 31st works; 1st-3rd off (holiday, holiday-substituted, Saturday); Sun 4th is made up
    assert _local(hours.shifts) == [("12-31 08:30", "12-31 17:30"), ("01-04 08:30", "01-04 17:30")]
    assert _local(hours.breaks) == [("12-31 12:00", "12-31 13:00"), ("01-04 12:00", "01-04 13:00")]


def test_a_team_on_duty_through_holidays() -> None:
    week = WeeklyHours(WeeklyHours.office(working_days=7).days, observes_holidays=False)
    since = datetime(2026, 10, 1, tzinfo=SHANGHAI)
    hours = working_time(week, SHANGHAI, since, since + timedelta(days=1), CN)
    assert _local(hours.shifts) == [("10-01 08:30", "10-01 17:30")]


def test_a_night_shift_runs_past_midnight_with_its_break_after_it() -> None:
    night = DayHours(time(22), time(6), (TimeSpan(time(2), time(2, 30)),))
    week = WeeklyHours((night,) * 7)
    since = datetime(2026, 3, 3, tzinfo=SHANGHAI)  # a Tuesday
    hours = working_time(week, SHANGHAI, since, since + timedelta(hours=23))
    # the Monday night shift reaches into Tuesday morning, and Tuesday's begins at 22:00
    assert _local(hours.shifts) == [("03-02 22:00", "03-03 06:00"), ("03-03 22:00", "03-04 06:00")]
    assert _local(hours.breaks)[0] == ("03-03 02:00", "03-03 02:30")


@pytest.mark.parametrize(
    ("starts", "ends", "breaks"),
    [
        (time(9), time(9), ()),  # empty
        (time(9), time(17), (TimeSpan(time(8), time(9)),)),  # break before the shift
        (time(9), time(17), (TimeSpan(time(16), time(18)),)),  # past its end
        (time(9), time(17), (TimeSpan(time(13), time(14)), TimeSpan(time(12), time(13)))),
    ],
)
def test_shifts_that_make_no_sense_are_refused(
    starts: time, ends: time, breaks: tuple[TimeSpan, ...]
) -> None:
    with pytest.raises(ValidationError):
        DayHours(starts, ends, breaks)


def test_a_week_has_seven_days() -> None:
    with pytest.raises(ValidationError):
        WeeklyHours((None,) * 6)


def test_own_hours_then_the_departments_then_every_day() -> None:
    own, dept = WeeklyHours.office(time(7)), WeeklyHours.office(time(9))
    assert hours_for(own, dept, time(8), time(18)) is own
    assert hours_for(None, dept, time(8), time(18)) is dept
    fallback = hours_for(None, None, time(8), time(18))
    assert fallback.days == (DayHours(time(8), time(18)),) * 7


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        working_time(WeeklyHours.office(), SHANGHAI, datetime(2026, 3, 2), datetime.now(UTC))
