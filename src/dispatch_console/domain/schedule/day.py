"""A technician's days over the board's horizon: when they work, when they are away, the jobs
in order with the travel between them, and the free stretches a new job could go into.

The rules every check here and in the slot finders shares:
- on site only inside working time: a shift, outside its breaks and the technician's absences;
- travel is working time too, but may cross a break: they set off once the job before is done
  and no earlier than the start of the stretch of work it lies in (a shift less absences);
- they set off from the site of the job before, or for the first job from their position;
- travel times are whole minutes, rounded up."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np

from .calendar import HolidayCalendar
from .hours import WeeklyHours, working_time
from .records import Absence, PlannedJob
from .spans import Span, containing, minus, seconds
from .travel import TravelTimes, travel_seconds

NOWHERE = math.nan


@dataclass(frozen=True, slots=True)
class TechnicianDay:
    """Build with `TechnicianDay.build`; `free` and `stretches` follow from the rest."""

    technician_id: int
    skills: frozenset[str]
    shifts: tuple[Span, ...]
    breaks: tuple[Span, ...] = ()
    absences: tuple[Absence, ...] = ()
    jobs: tuple[PlannedJob, ...] = ()  # in order of start
    lat: float | None = None  # where they set off for their first job: their last position
    lon: float | None = None
    free: tuple[Span, ...] = field(init=False)  # where on-site work may go
    stretches: tuple[Span, ...] = field(init=False)  # where travel may go

    def __post_init__(self) -> None:
        away = [Span(seconds(a.starts_at), seconds(a.ends_at)) for a in self.absences]
        stretches = minus(self.shifts, away)
        object.__setattr__(self, "jobs", tuple(sorted(self.jobs, key=_job_order)))
        object.__setattr__(self, "stretches", tuple(stretches))
        object.__setattr__(self, "free", tuple(minus(stretches, self.breaks)))

    @classmethod
    def build(
        cls,
        technician_id: int,
        skills: Iterable[str],
        week: WeeklyHours,
        zone: ZoneInfo,
        since: datetime,
        until: datetime,
        *,
        calendar: HolidayCalendar | None = None,
        absences: Sequence[Absence] = (),
        jobs: Sequence[PlannedJob] = (),
        position: tuple[float, float] | None = None,
    ) -> TechnicianDay:
        hours = working_time(week, zone, since, until, calendar)
        lo, hi = seconds(since), seconds(until)
        return cls(
            technician_id=technician_id,
            skills=frozenset(skills),
            shifts=tuple(hours.shifts),
            breaks=tuple(hours.breaks),
            absences=tuple(
                a
                for a in absences
                if Span(seconds(a.starts_at), seconds(a.ends_at)).overlaps(lo, hi)
            ),
            jobs=tuple(jobs),
            lat=None if position is None else position[0],
            lon=None if position is None else position[1],
        )

    def without(self, ticket_id: int) -> TechnicianDay:
        """The same day less one job: what to check a job being moved against."""
        return replace(self, jobs=tuple(j for j in self.jobs if j.ticket_id != ticket_id))

    def legs(self, travel: TravelTimes) -> list[Leg]:
        """Travel before each job, from the job before (or their position), with the minutes
        to spare: negative when the plan leaves too little time to get there."""
        out: list[Leg] = []
        previous: PlannedJob | None = None
        for job in self.jobs:
            lat, lon = _origin(self, previous)
            minutes = float(travel.to_site(np.array([lat]), np.array([lon]), job.lat, job.lon)[0])
            minutes = math.ceil(minutes) if not math.isnan(minutes) else math.nan
            start = seconds(job.starts_at)
            stretch = containing(list(self.stretches), start)
            ready = max(
                seconds(previous.ends_at) if previous else -math.inf,
                stretch.start if stretch else -math.inf,
            )
            spare = (start - ready) / 60.0 - minutes if ready > -math.inf else math.inf
            out.append(
                Leg(
                    previous.ticket_id if previous else None,
                    job.ticket_id,
                    minutes,
                    spare,
                    lat,
                    lon,
                )
            )
            previous = job
        return out

    def trips(self) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """(from, to) of each leg `legs` computes, in order, leaving out legs from nowhere (no
        position): what a route service is asked for before the legs are drawn."""
        out = []
        previous: PlannedJob | None = None
        for job in self.jobs:
            origin = _origin(self, previous)
            if not math.isnan(origin[0]):
                out.append((origin, (job.lat, job.lon)))
            previous = job
        return out


class Leg(NamedTuple):
    from_ticket_id: int | None  # None: from their position
    to_ticket_id: int
    minutes: float  # NaN: unknown (no position)
    spare_minutes: float
    from_lat: float = NOWHERE  # where it sets off: the job before, or their position
    from_lon: float = NOWHERE


class Piece(NamedTuple):
    """A free stretch between two jobs (or a job and the edge of working time) where a new job
    could go, with what the jobs on either side ask of it. Times in epoch seconds."""

    lo: float  # on site from
    hi: float  # on site until
    ready: float  # may set off from
    from_lat: float
    from_lon: float
    next_start: float  # the next job's start (inf: none)
    next_floor: float  # the start of the next job's stretch (-inf: none): travel after it
    next_lat: float
    next_lon: float


def _job_order(job: PlannedJob) -> tuple[datetime, datetime, int]:
    return job.starts_at, job.ends_at, job.ticket_id


def _origin(day: TechnicianDay, previous: PlannedJob | None) -> tuple[float, float]:
    if previous is not None:
        return previous.lat, previous.lon
    if day.lat is None or day.lon is None:
        return NOWHERE, NOWHERE
    return day.lat, day.lon


def pieces(day: TechnicianDay) -> list[Piece]:
    """Every free piece of the day, in order: the free spans cut by blocks of jobs."""
    # the gaps between blocks of (possibly overlapping) jobs: (after job, gap start, gap end,
    # before job); a job ends its block's run when it ends last
    gaps: list[tuple[PlannedJob | None, float, float, PlannedJob | None]] = []
    last: PlannedJob | None = None
    end = -math.inf
    for job in day.jobs:
        start = seconds(job.starts_at)
        if start >= end:
            gaps.append((last, end, start, job))
        if seconds(job.ends_at) >= end:
            last, end = job, seconds(job.ends_at)
    gaps.append((last, end, math.inf, None))
    stretches = list(day.stretches)
    out: list[Piece] = []
    for free in day.free:
        stretch = containing(stretches, free.start)
        assert stretch is not None  # free spans are stretches less breaks
        for before, g_lo, g_hi, after in gaps:
            lo, hi = max(free.start, g_lo), min(free.end, g_hi)
            if hi <= lo:
                continue
            f_lat, f_lon = _origin(day, before)
            if after is None:
                nxt = (math.inf, -math.inf, NOWHERE, NOWHERE)
            else:
                start = seconds(after.starts_at)
                holder = containing(stretches, start)
                floor = holder.start if holder else -math.inf
                nxt = (start, floor, after.lat, after.lon)
            ready = max(stretch.start, g_lo)
            out.append(Piece(lo, hi, ready, f_lat, f_lon, *nxt))
    return out


def travel_to(
    travel: TravelTimes, lat: float, lon: float, site_lat: float, site_lon: float
) -> float:
    """One trip's seconds, as the finders compute them in bulk."""
    return float(
        travel_seconds(travel.to_site(np.array([lat]), np.array([lon]), site_lat, site_lon))[0]
    )


def travel_from(
    travel: TravelTimes, site_lat: float, site_lon: float, lat: float, lon: float
) -> float:
    return float(
        travel_seconds(travel.from_site(site_lat, site_lon, np.array([lat]), np.array([lon])))[0]
    )
