"""The board's rows and where things are on it: epoch seconds to pixels and back, which rows
and bars a rectangle of the screen holds. No Qt painting here, so a frame only looks up what
it will draw: rows by division, bars by bisection in each row's start-sorted list."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ...domain.schedule.day import TechnicianDay
from ...domain.schedule.spans import Span, seconds
from ...domain.schedule.travel import TravelTimes
from .cards import BarState, JobCard, bar_state

HOUR = 3600.0
SNAP = 300.0  # drops land on 5 minutes


@dataclass(frozen=True, slots=True)
class Bar:
    ticket_id: int
    start: float  # epoch seconds
    end: float
    travel: float  # seconds of travel before it (NaN: unknown)
    spare_minutes: float
    state: BarState
    by_road: bool = False  # its travel from the route service (else the straight-line estimate)

    @property
    def reach(self) -> float:
        """Where its travel leg begins: what a frame must look back to."""
        return self.start - (0.0 if math.isnan(self.travel) else self.travel)


@dataclass(slots=True)
class Row:
    """One technician: their day and its bars in order of start."""

    technician_id: int
    name: str
    department_id: int | None
    day: TechnicianDay
    bars: list[Bar] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    longest: float = 0.0  # the longest bar with its leg: how far back a frame looks
    longest_leg: float = 0.0  # the longest leg alone: how far ahead it looks
    away: list[tuple[Span, str]] = field(default_factory=list)  # absences, with their kind

    def bars_between(self, lo: float, hi: float) -> list[Bar]:
        first = bisect_left(self.starts, lo - self.longest)
        last = bisect_right(self.starts, hi + self.longest_leg)  # a leg may reach into [lo, hi)
        return [b for b in self.bars[first:last] if b.end > lo and b.reach < hi]

    def index_of(self, ticket_id: int) -> int | None:
        for i, bar in enumerate(self.bars):
            if bar.ticket_id == ticket_id:
                return i
        return None


def build_row(
    technician_id: int,
    name: str,
    department_id: int | None,
    day: TechnicianDay,
    cards: dict[int, JobCard],
    travel: TravelTimes,
    by_road: Callable[[float, float, float, float], bool] | None = None,
) -> Row:
    """`by_road(from_lat, from_lon, lat, lon)`: whether `travel` had that trip by road."""
    legs = {leg.to_ticket_id: leg for leg in day.legs(travel)}
    bars = []
    for job in day.jobs:
        leg = legs[job.ticket_id]
        start = seconds(job.starts_at)
        state = bar_state(cards.get(job.ticket_id), job.starts_at, leg.spare_minutes)
        bars.append(
            Bar(
                job.ticket_id,
                start,
                start + job.minutes * 60.0,
                leg.minutes * 60.0,
                leg.spare_minutes,
                state,
                by_road is not None
                and not math.isnan(leg.minutes)
                and by_road(leg.from_lat, leg.from_lon, job.lat, job.lon),
            )
        )
    row = Row(technician_id, name, department_id, day, bars, [b.start for b in bars])
    row.longest = max((b.end - b.reach for b in bars), default=0.0)
    row.longest_leg = max((b.start - b.reach for b in bars), default=0.0)
    row.away = [
        (Span(seconds(a.starts_at), seconds(a.ends_at)), a.kind.value) for a in day.absences
    ]
    return row


@dataclass(slots=True)
class Geometry:
    """Time runs left to right from `since`; rows top to bottom under the ruler; the names
    column and the ruler stay put while the rest scrolls."""

    since: float
    days: int = 3
    hour_px: float = 64.0
    row_px: int = 34
    names_px: int = 150
    ruler_px: int = 40
    x_scroll: float = 0
    y_scroll: int = 0

    @classmethod
    def starting(cls, since: datetime, days: int) -> Geometry:
        return cls(seconds(since), days)

    @property
    def until(self) -> float:
        return self.since + self.days * 24 * HOUR

    @property
    def content_width(self) -> int:
        return math.ceil(self.days * 24 * self.hour_px)

    def x(self, t: float) -> float:
        return self.names_px + (t - self.since) / HOUR * self.hour_px - self.x_scroll

    def t(self, x: float) -> float:
        return self.since + (x - self.names_px + self.x_scroll) / self.hour_px * HOUR

    def y(self, row: int) -> int:
        return self.ruler_px + row * self.row_px - self.y_scroll

    def row_at(self, y: float) -> int:
        """The row index under y (may be out of range; -1 above the rows)."""
        if y < self.ruler_px:
            return -1
        return int((y - self.ruler_px + self.y_scroll) // self.row_px)

    def visible_rows(self, height: int, count: int) -> range:
        first = max(0, self.y_scroll // self.row_px)
        last = min(count, (self.y_scroll + height - self.ruler_px) // self.row_px + 1)
        return range(first, max(first, last))

    def visible_times(self, width: int) -> tuple[float, float]:
        return self.t(self.names_px), self.t(width)


def snapped(t: float) -> float:
    return round(t / SNAP) * SNAP
