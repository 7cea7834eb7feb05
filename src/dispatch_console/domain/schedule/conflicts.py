"""Why a job cannot go where someone wants it, as values: each conflict names its kind, the
span or the other job at fault, and the minutes involved. The console words them; the API
sends them as they are. Warnings (late against the SLA) may be overridden; the rest refuse."""

from __future__ import annotations

import math
from datetime import datetime

from .day import TechnicianDay, _origin, travel_from, travel_to
from .problems import WARNINGS, Conflict, ConflictKind, ScheduleConflict
from .records import PlannedJob, Visit
from .spans import Span, containing, moment, seconds
from .travel import TravelTimes

__all__ = [
    "WARNINGS",
    "Conflict",
    "ConflictKind",
    "ScheduleConflict",
    "check_placement",
]


def _hm(epoch: float) -> str:
    return f"{moment(epoch):%Y-%m-%d %H:%M} UTC"


def _nearest(spans: tuple[Span, ...], start: float, end: float) -> Span | None:
    """The span closest to [start, end) (overlapping ones first), None when there is none."""
    return min(spans, key=lambda s: max(0.0, s.start - end, start - s.end), default=None)


def check_placement(
    day: TechnicianDay,
    visit: Visit,
    at: datetime,
    now: datetime,
    travel: TravelTimes,
) -> list[Conflict]:
    """Every reason the technician cannot be on the visit's site from `at` for its minutes,
    given the rest of their days (leave the job being moved out of `day`: `day.without`)."""
    out: list[Conflict] = []
    start, cur = seconds(at), seconds(now)
    end = start + visit.minutes * 60.0
    missing = sorted(set(visit.required_skills) - day.skills)
    if missing:
        out.append(Conflict(ConflictKind.MISSING_SKILL, f"lacks {', '.join(missing)}"))
    w_lo, w_hi = seconds(visit.window.starts_at), seconds(visit.window.ends_at)
    if not w_lo <= start <= w_hi:
        out.append(
            Conflict(
                ConflictKind.OUTSIDE_WINDOW,
                f"arrives at {_hm(start)}, outside the window {_hm(w_lo)} - {_hm(w_hi)}",
                starts_at=visit.window.starts_at,
                ends_at=visit.window.ends_at,
            )
        )
    if start < cur:
        out.append(Conflict(ConflictKind.IN_PAST, f"{_hm(start)} is in the past"))
    if not any(s.holds(start, end) for s in day.shifts):
        shift = _nearest(day.shifts, start, end)  # so the refusal can say when they do work
        out.append(
            Conflict(
                ConflictKind.OUTSIDE_HOURS,
                f"{_hm(start)} - {_hm(end)} is outside their working hours",
                starts_at=None if shift is None else moment(shift.start),
                ends_at=None if shift is None else moment(shift.end),
            )
        )
    for pause in day.breaks:
        if pause.overlaps(start, end):
            out.append(
                Conflict(
                    ConflictKind.DURING_BREAK,
                    "during their break",
                    starts_at=pause.starts_at,
                    ends_at=pause.ends_at,
                )
            )
    for absence in day.absences:
        if Span(seconds(absence.starts_at), seconds(absence.ends_at)).overlaps(start, end):
            out.append(
                Conflict(
                    ConflictKind.ABSENCE,
                    f"away ({absence.kind.value})",
                    starts_at=absence.starts_at,
                    ends_at=absence.ends_at,
                )
            )
    jobs = list(day.jobs)
    for job in jobs:
        if Span(seconds(job.starts_at), seconds(job.ends_at)).overlaps(start, end):
            out.append(
                Conflict(
                    ConflictKind.OVERLAP,
                    f"overlaps job {job.ticket_id}",
                    ticket_id=job.ticket_id,
                    starts_at=job.starts_at,
                    ends_at=job.ends_at,
                )
            )
    out.extend(_travel_conflicts(day, visit, jobs, start, end, cur, travel))
    if visit.arrival_due_at is not None and at > visit.arrival_due_at:
        late = (start - seconds(visit.arrival_due_at)) / 60.0
        out.append(
            Conflict(
                ConflictKind.MISSES_SLA,
                f"arrives {late:.0f} min after the SLA's arrival deadline",
                starts_at=visit.arrival_due_at,
            )
        )
    return out


def _travel_conflicts(
    day: TechnicianDay,
    visit: Visit,
    jobs: list[PlannedJob],
    start: float,
    end: float,
    now: float,
    travel: TravelTimes,
) -> list[Conflict]:
    out: list[Conflict] = []
    stretches = list(day.stretches)
    before = [(seconds(j.ends_at), i) for i, j in enumerate(jobs) if seconds(j.ends_at) <= start]
    previous = jobs[max(before)[1]] if before else None
    stretch = containing(stretches, start)
    ready = max(
        seconds(previous.ends_at) if previous else -math.inf,
        stretch.start if stretch else -math.inf,
        now,
    )
    lat, lon = _origin(day, previous)
    needed = travel_to(travel, lat, lon, visit.lat, visit.lon)
    if math.isnan(needed):
        out.append(
            Conflict(
                ConflictKind.UNKNOWN_POSITION,
                "no job before it and no position: travel time unknown",
            )
        )
    elif ready + needed > start:
        out.append(_no_time(previous, needed, start - ready, "from"))
    after = [(seconds(j.starts_at), i) for i, j in enumerate(jobs) if seconds(j.starts_at) >= end]
    if after:
        following = jobs[min(after)[1]]
        n_start = seconds(following.starts_at)
        holder = containing(stretches, n_start)
        leave = max(end, holder.start if holder else -math.inf)
        onward = travel_from(travel, visit.lat, visit.lon, following.lat, following.lon)
        if leave + onward > n_start:
            out.append(_no_time(following, onward, n_start - leave, "on to"))
    return out


def _no_time(job: PlannedJob | None, needed: float, available: float, way: str) -> Conflict:
    what = f"job {job.ticket_id}" if job else "their position"
    return Conflict(
        ConflictKind.NO_TIME_TO_TRAVEL,
        f"{needed / 60:.0f} min to travel {way} {what}, {max(available, 0) / 60:.0f} min left",
        ticket_id=None if job is None else job.ticket_id,
        minutes_needed=needed / 60.0,
        minutes_available=available / 60.0,
    )
