"""Fixed days for the tests that book visits, found in the holidays calendar: a test's clock is
set from one of them, never from today, so it passes on National Day and at weekends too."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain.desk_zone import DEFAULT_HOLIDAY_REGION, DEFAULT_TIMEZONE
from dispatch_console.domain.schedule import HolidayCalendar

DESK_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


def working_day(on_or_after: date, region: str = DEFAULT_HOLIDAY_REGION) -> date:
    """The first day from `on_or_after` on which the region works: not a public holiday, not
    a weekend unless it is a make-up working day (调休)."""
    calendar = HolidayCalendar(region)
    day = on_or_after
    while calendar.is_holiday(day) or (day.weekday() >= 5 and not calendar.is_makeup_workday(day)):
        day += timedelta(days=1)
    return day


def eve_of_working_day(on_or_after: date, at: time = time(9, 30)) -> datetime:
    """`at` at the desk on the first day from `on_or_after` whose next day is a working day:
    "tomorrow" can be booked."""
    tomorrow = working_day(on_or_after + timedelta(days=1))
    return datetime.combine(tomorrow - timedelta(days=1), at, DESK_ZONE)
