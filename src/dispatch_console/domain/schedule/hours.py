"""Working hours: a weekly pattern of shifts with breaks, a technician's own or their
department's default, and the absolute spans it gives over some days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..errors import ValidationError
from .calendar import HolidayCalendar
from .spans import Span, merged, seconds

DAYS = 7  # Monday first, as date.weekday() counts
MAKEUP_WEEKDAY = 0  # a make-up working day (调休) is worked with Monday's hours


def _offset(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second)


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """Wall-clock times; an end at or before the start is on the next day (a night shift)."""

    starts: time
    ends: time

    def offsets(self, after: timedelta = timedelta(0)) -> tuple[timedelta, timedelta]:
        """Offsets from the day's midnight, the start no earlier than `after` (a break that
        begins after midnight in a night shift)."""
        start = _offset(self.starts)
        if start < after:
            start += timedelta(days=1)
        end = _offset(self.ends) + (start - _offset(self.starts))
        if end <= start:
            end += timedelta(days=1)
        return start, end


@dataclass(frozen=True, slots=True)
class DayHours:
    """One day's shift and the breaks in it (lunch ...), when on site work stops."""

    starts: time
    ends: time
    breaks: tuple[TimeSpan, ...] = ()

    def __post_init__(self) -> None:
        if self.starts == self.ends:
            raise ValidationError("hours", f"a shift from {self.starts} to {self.ends} is empty")
        start, end = TimeSpan(self.starts, self.ends).offsets()
        previous = start
        for pause in self.breaks:
            b_start, b_end = pause.offsets(start)
            if b_start < previous or b_end > end:
                raise ValidationError(
                    "hours.breaks",
                    f"the break {pause.starts}-{pause.ends} must lie inside the shift "
                    f"{self.starts}-{self.ends}, after the break before it",
                )
            previous = b_end

    def spans(self, day: date, zone: ZoneInfo) -> tuple[Span, list[Span]]:
        """The shift on that local date and its breaks, absolute."""
        start, end = TimeSpan(self.starts, self.ends).offsets()

        def at(offset: timedelta) -> float:
            # wall-clock arithmetic, then the zone: a shift keeps its hours across DST changes
            local = (datetime.combine(day, time()) + offset).replace(tzinfo=zone)
            return seconds(local)

        breaks = [Span(at(a), at(b)) for a, b in (p.offsets(start) for p in self.breaks)]
        return Span(at(start), at(end)), breaks


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Seven days, Monday first; None is a day off. `observes_holidays`: no shift on public
    holidays, and Monday's hours on make-up working days."""

    days: tuple[DayHours | None, ...]
    observes_holidays: bool = True

    def __post_init__(self) -> None:
        if len(self.days) != DAYS:
            raise ValidationError("hours", f"a week has 7 days, got {len(self.days)}")

    @classmethod
    def office(
        cls,
        starts: time = time(8, 30),
        ends: time = time(17, 30),
        lunch: TimeSpan | None = TimeSpan(time(12), time(13)),
        working_days: int = 5,
    ) -> WeeklyHours:
        """The same shift on the first `working_days` days of the week."""
        day = DayHours(starts, ends, (lunch,) if lunch else ())
        return cls(tuple(day if i < working_days else None for i in range(DAYS)))

    @classmethod
    def every_day(cls, starts: time, ends: time) -> WeeklyHours:
        """What a technician with no pattern has: their own start and end, every day (as
        `Technician.on_shift` has always read them)."""
        return cls(tuple(DayHours(starts, ends) for _ in range(DAYS)))

    def on(self, day: date, calendar: HolidayCalendar | None = None) -> DayHours | None:
        if calendar is not None and self.observes_holidays:
            if calendar.is_holiday(day):
                return None
            if calendar.is_makeup_workday(day):
                return self.days[day.weekday()] or self.days[MAKEUP_WEEKDAY]
        return self.days[day.weekday()]


@dataclass(frozen=True, slots=True)
class WorkingTime:
    """Shifts and breaks over a stretch of days, absolute and merged."""

    shifts: tuple[Span, ...] = ()
    breaks: tuple[Span, ...] = ()


# A department's technicians mostly share one week: the board asks for the same days once per
# technician, and working them out (zones, holidays) is most of building a day.
@lru_cache(maxsize=256)
def working_time(
    week: WeeklyHours,
    zone: ZoneInfo,
    since: datetime,
    until: datetime,
    calendar: HolidayCalendar | None = None,
) -> WorkingTime:
    """The shifts and breaks that touch [since, until), in order. Starts a day early, for a
    night shift that began the evening before."""
    first = since.astimezone(zone).date() - timedelta(days=1)
    last = until.astimezone(zone).date()
    lo, hi = seconds(since), seconds(until)
    shifts: list[Span] = []
    breaks: list[Span] = []
    day = first
    while day <= last:
        hours = week.on(day, calendar)
        if hours is not None:
            shift, pauses = hours.spans(day, zone)
            if shift.overlaps(lo, hi):
                shifts.append(shift)
                breaks.extend(pauses)
        day += timedelta(days=1)
    return WorkingTime(tuple(merged(shifts)), tuple(merged(breaks)))


def hours_for(
    own: WeeklyHours | None, department: WeeklyHours | None, starts: time, ends: time
) -> WeeklyHours:
    """A technician's week: their own pattern, else their department's default, else their
    start and end every day."""
    return own or department or WeeklyHours.every_day(starts, ends)
