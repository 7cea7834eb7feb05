"""Spans of time as epoch seconds: what the schedule's arithmetic runs on.

Every rule (conflicts, the slot finder and its naive twin) converts datetimes with the same
`seconds()`, so they compare the very same floats and can never disagree by a rounding."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

MINUTE = 60.0


class Span(NamedTuple):
    """[start, end) in epoch seconds."""

    start: float
    end: float

    def overlaps(self, start: float, end: float) -> bool:
        return self.start < end and start < self.end

    def holds(self, start: float, end: float) -> bool:
        return self.start <= start and end <= self.end

    @property
    def starts_at(self) -> datetime:
        return moment(self.start)

    @property
    def ends_at(self) -> datetime:
        return moment(self.end)


def seconds(at: datetime) -> float:
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the schedule; use aware datetimes")
    return at.timestamp()


def moment(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def ceil_minute(epoch: float) -> float:
    """Bookings are made in whole minutes: the first whole minute at or after `epoch`."""
    return math.ceil(epoch / MINUTE) * MINUTE


def merged(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans joined, in order."""
    out: list[Span] = []
    for span in sorted(spans):
        if span.end <= span.start:
            continue
        if out and span.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out


def minus(spans: Iterable[Span], holes: Iterable[Span]) -> list[Span]:
    """The parts of `spans` (merged) that no hole covers."""
    cuts = merged(holes)
    out: list[Span] = []
    for span in merged(spans):
        start = span.start
        for hole in cuts:
            if hole.end <= start or hole.start >= span.end:
                continue
            if hole.start > start:
                out.append(Span(start, hole.start))
            start = max(start, hole.end)
        if start < span.end:
            out.append(Span(start, span.end))
    return out


def containing(spans: list[Span], at: float) -> Span | None:
    """The span with start <= at < end, in sorted disjoint spans."""
    for span in spans:
        if span.start <= at < span.end:
            return span
    return None
