"""What ranking asks of the schedule: the window to search for a ticket, the days as the
dispatcher sees them now (a job in hand that was never planned, someone gone off duty), and the
reason beside each technician in words' terms (`SlotNote`): their earliest arrival and what it
follows, or why they have none.

The slot itself is always `ScheduleBoard.earliest_slots`'s; this module only frames the
question and explains the answer."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..candidates import SlotKind, SlotNote, SlotWindow
from .day import TechnicianDay, travel_to
from .records import Absence, AbsenceKind, AppointmentWindow, PlannedJob, Visit
from .slots import Miss, Slots
from .spans import containing, moment, seconds
from .travel import TravelTimes

DEFAULT_VISIT_MINUTES = 60  # on site, when the ticket does not say
OPEN_DAYS = 2  # no booking: today and tomorrow are searched, from now
OFF_DUTY_NOTE = "off duty"  # the absence that stands for "off duty now", till the shift ends


def search_window(
    starts_at: datetime | None,
    ends_at: datetime | None,
    now: datetime,
    zone: ZoneInfo,
    minutes: float,
) -> tuple[SlotWindow, datetime, datetime]:
    """The window to search (the booking, or from now to the end of tomorrow when there is
    none or it is over) and the days to load for it: from the midnight before it (the visit
    before the window is where they set off from) to the midnight after it (the visit after
    it must still be reachable)."""
    booked = starts_at is not None and ends_at is not None and ends_at > now
    if booked:
        assert starts_at is not None and ends_at is not None
        lo, hi = starts_at, ends_at
    else:
        today = now.astimezone(zone).date()
        lo = now
        hi = datetime.combine(today + timedelta(days=OPEN_DAYS), time(), zone)
    first = min(lo, now).astimezone(zone).date()
    last = (hi - timedelta(microseconds=1)).astimezone(zone).date()
    since = datetime.combine(first, time(), zone)
    until = datetime.combine(last + timedelta(days=1), time(), zone)
    return SlotWindow(lo, hi, booked, minutes), since, until


def job_in_hand(
    ticket_id: int, lat: float, lon: float, now: datetime, minutes: float
) -> PlannedJob:
    """A job someone is on (or heading to) that was never planned: a bar from now for the rest
    of it, as ranking has always estimated it, so their next slot comes after it."""
    start = now.replace(second=0, microsecond=0)
    return PlannedJob(ticket_id, start, minutes, lat, lon)


def off_duty(day: TechnicianDay, now: datetime) -> TechnicianDay:
    """Someone who has gone off duty works no more of the shift they are in."""
    cur = seconds(now)
    shift = containing(sorted(day.shifts), cur)
    if shift is None:
        return day
    away = Absence(0, day.technician_id, AbsenceKind.OTHER, now, moment(shift.end), OFF_DUTY_NOTE)
    return replace(day, absences=(*day.absences, away))


def note_for_slot(
    day: TechnicianDay, visit: Visit, arrives: float, travel: TravelTimes
) -> SlotNote:
    """The earliest arrival and what it follows: the latest visit over by then, else their
    position, with the travel from there in whole minutes."""
    before: PlannedJob | None = None
    for job in day.jobs:  # in order of start
        if seconds(job.ends_at) <= arrives and (
            before is None or seconds(job.ends_at) >= seconds(before.ends_at)
        ):
            before = job
    if before is not None:
        lat, lon = before.lat, before.lon
    else:
        lat = math.nan if day.lat is None else day.lat
        lon = math.nan if day.lon is None else day.lon
    trip = travel_to(travel, lat, lon, visit.lat, visit.lon) / 60.0
    return SlotNote(
        SlotKind.EARLIEST,
        at=moment(arrives),
        travel_minutes=None if math.isnan(trip) else trip,
        after_ticket_id=None if before is None else before.ticket_id,
        after_starts_at=None if before is None else before.starts_at,
        after_ends_at=None if before is None else before.ends_at,
    )


_KINDS = {
    Miss.NO_SKILL: SlotKind.NO_SKILL,
    Miss.NO_POSITION: SlotKind.NO_POSITION,
    Miss.NO_ROOM: SlotKind.NO_FREE_TIME,
    Miss.NO_HOURS: SlotKind.OFF_SHIFT,
}


_PLAIN = {kind: SlotNote(kind) for kind in SlotKind}  # the notes that say nothing more
_MISSES = tuple(Miss)  # the Slots' `why` codes


def note_for_miss(day: TechnicianDay, visit: Visit, miss: Miss, now: datetime) -> SlotNote:
    """Why there is no slot, in the dispatcher's terms: no working time in the window is leave
    (or off duty) when an absence takes some of it, else they are off shift."""
    lo = max(seconds(visit.window.starts_at), seconds(now))
    return _note(day, miss, lo, seconds(visit.window.ends_at))


def notes_for_misses(
    days: Mapping[int, TechnicianDay], visit: Visit, answer: Slots, now: datetime
) -> dict[int, SlotNote]:
    """`note_for_miss` for everyone the slot finder found no slot for: at night that is most of
    the fleet, so plain lists rather than numpy scalars one at a time."""
    lost = np.flatnonzero(answer.why >= 0)
    lo = max(seconds(visit.window.starts_at), seconds(now))
    hi = seconds(visit.window.ends_at)
    return {
        tid: _note(days[tid], _MISSES[code], lo, hi)
        for tid, code in zip(
            answer.technician_ids[lost].tolist(), answer.why[lost].tolist(), strict=True
        )
    }


def _note(day: TechnicianDay, miss: Miss, lo: float, hi: float) -> SlotNote:
    if miss is not Miss.NO_HOURS or not day.absences:
        return _PLAIN[_KINDS[miss]]
    away = [a for a in day.absences if seconds(a.starts_at) < hi and seconds(a.ends_at) > lo]
    if not away:
        return _PLAIN[SlotKind.OFF_SHIFT]
    last = max(away, key=lambda a: a.ends_at)
    what = "off_duty" if last.note == OFF_DUTY_NOTE and last.id == 0 else last.kind.value
    return SlotNote(SlotKind.ON_LEAVE, until=last.ends_at, absence=what)


def visit_window(window: SlotWindow) -> AppointmentWindow:
    return AppointmentWindow(window.starts_at, window.ends_at)
