"""The technicians' days as stored (bookings, absences, working hours), kept between slot
rankings, and the board's earliest slots and offered windows, until the event log says they
changed.

Ranking by the earliest slot used to read and build every eligible technician's days on each
call. Every change to the data behind a day appends an event in its own transaction, in
commit order (ports.UnitOfWork.append_event), so the days built once stay true until an event
after the one they were built at touches them. Each question reads the events since then, in
the same transaction as anything it reads again, and builds anew only the days those events
touch (a booking names its technicians; any other change to a ticket touches whoever has it
on their day and whoever has it now; an absence or hours their technician; a department's
hours its technicians). An event this module does not know touches every day. Where a
technician stands is read with the fleet on every call and moves the day's start alone.

What depends on the question (the ticket placed, the job in hand, going off duty) is applied
by the caller on its own copy (`ScheduleBoard.subset`). Only units of work that see committed
data alone may use this (not a savepoint inside a write: its days could be rolled back)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, time

from ..domain.desk_zone import DeskZone
from ..domain.events import Event
from ..domain.model import Technician
from ..domain.schedule import assemble
from ..domain.schedule.day import TechnicianDay
from ..domain.schedule.slots import ScheduleBoard
from ..ports import UnitOfWork

log = logging.getLogger(__name__)
SHARED_KEY = "slot_days"  # in Context.shared: one per database, every copy of the services
# spans of days (a booking's, today and tomorrow, the windows offered): the least recent goes;
# the board's questions add spans of their own, so room for theirs besides ranking's
SPANS_KEPT = 16
EVENTS_READ = 500  # more since the last question: every day is built again
# whose events never change a day: no booking, absence, hours or a visit's place
UNRELATED = frozenset({
    "asset", "call", "callback", "callback_rule", "company", "contract", "conversation",
    "customer", "part", "routing_rule", "token", "user",
})  # fmt: skip
MOVED = ("technician", "position")  # read from the technician's row on every call instead
BOOKED_BY = ("technician_id", "previous_technician_id", "assignee_id")

Span = tuple[datetime, datetime, DeskZone]
Shape = tuple[frozenset[str], int | None, time, time]


def shape(t: Technician) -> Shape:
    """What of the technician's own row their day is built from, besides where they are."""
    return frozenset(t.skills), t.department_id, t.work_starts, t.work_ends


def position(t: Technician) -> tuple[float | None, float | None]:
    return (t.lat, t.lon) if t.lat is not None and t.lon is not None else (None, None)


@dataclass(frozen=True, slots=True)
class Kept:
    """The days of one span as they stood at event `stamp`; never changed once kept."""

    stamp: int
    board: ScheduleBoard
    shapes: dict[int, Shape]
    holders: dict[int, int]  # ticket id: whose day has it


def touched(events: Iterable[Event], kept: Kept) -> tuple[set[int], set[int]] | None:
    """(technicians whose days these events change, tickets changed whose holder now must be
    read); None: every day, for an event of a kind that is not known here."""
    who: set[int] = set()
    tickets: set[int] = set()
    for e in events:
        if e.entity in UNRELATED or (e.entity, e.kind) in (MOVED, ("site", "created")):
            continue
        if not e.entity_id.isdigit():
            return None
        number = int(e.entity_id)
        if e.entity == "technician":
            who.add(number)
        elif e.entity == "department":
            who |= {tid for tid, s in kept.shapes.items() if s[1] == number}
        elif e.entity == "ticket":
            tickets.add(number)
            who |= {e.payload[k] for k in BOOKED_BY if isinstance(e.payload.get(k), int)}
            if number in kept.holders:
                who.add(kept.holders[number])
        else:
            return None
    return who, tickets


def build_days(
    uow: UnitOfWork,
    technicians: list[Technician],
    since: datetime,
    until: datetime,
    desk: DeskZone,
) -> list[TechnicianDay]:
    """These technicians' days from the store: three queries for all of them. `desk`: the zone
    and holidays of those whose department has no hours set."""  # fmt: skip
    if not technicians:
        return []
    ids = [t.id for t in technicians]
    planned = uow.planned_jobs(ids, since, until)
    absences = uow.absences_between(ids, since, until)
    own, departments = uow.working_hours(
        ids, {t.department_id for t in technicians if t.department_id is not None}
    )
    return [
        assemble.technician_day(
            t,
            since,
            until,
            own=own.get(t.id),
            department=None if t.department_id is None else departments.get(t.department_id),
            absences=absences.get(t.id, []),
            jobs=planned.get(t.id, []),
            default_zone=desk.timezone,
            default_region=desk.holiday_region,
        )
        for t in technicians
    ]


class SlotDays:
    """Kept days per span, shared by every copy of the services over one database."""

    def __init__(self, spans: int = SPANS_KEPT, events: int = EVENTS_READ) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[Span, Kept] = OrderedDict()
        self._spans, self._events = spans, events
        self.built = 0  # days built from the store, for tests and the bench

    def board(
        self,
        uow: UnitOfWork,
        technicians: list[Technician],
        since: datetime,
        until: datetime,
        desk: DeskZone,
    ) -> ScheduleBoard:
        """These technicians' stored days over [since, until), on a board the caller may
        change; built only where they changed since the last question."""
        key = (since, until, desk)
        with self._lock:
            kept = self._kept.get(key)
        # the events first: what is read after them is at least as new as they are
        newest = uow.last_event_id()
        if kept is None or newest < kept.stamp:  # nothing kept, or a log begun again
            stamp, change = newest, None
        else:  # positions, the most frequent, and what never changes a day left in SQL
            events = uow.events_after(
                kept.stamp, self._events, leaving_out=UNRELATED, leaving_out_kinds=[MOVED]
            )
            stamp = max(newest, events[-1].id if events else 0)
            change = touched(events, kept) if len(events) < self._events else None
        if kept is not None and change is not None:
            stale, tickets = change
            if tickets:  # where changed tickets are now (closed ones are on nobody's day)
                stale |= {a for a in uow.open_ticket_ids(tickets).values() if a is not None}
            board = kept.board.subset(tid for tid in kept.board.days if tid not in stale)
            shapes = {tid: s for tid, s in kept.shapes.items() if tid not in stale}
        else:
            board = ScheduleBoard((), since, until)
            shapes = {}
        wanted = [t for t in technicians if shapes.get(t.id) != shape(t)]
        for day in build_days(uow, wanted, since, until, desk):
            board.replace(day)
        with self._lock:
            self.built += len(wanted)
        shapes.update((t.id, shape(t)) for t in wanted)
        for t in technicians:
            day = board.days[t.id]
            lat, lon = position(t)
            if (day.lat, day.lon) != (lat, lon):
                board.replace(replace(day, lat=lat, lon=lon))
        if kept is not None and change is not None and not wanted and not change[0]:
            holders = kept.holders  # no day built again: the same jobs on the same days
        else:
            holders = {j.ticket_id: tid for tid, day in board.days.items() for j in day.jobs}
        self._keep(key, Kept(stamp, board, shapes, holders))
        return board.subset(t.id for t in technicians)

    def _keep(self, key: Span, kept: Kept) -> None:
        with self._lock:
            other = self._kept.get(key)
            if other is None or other.stamp <= kept.stamp:
                self._kept[key] = kept
            self._kept.move_to_end(key)
            while len(self._kept) > self._spans:
                self._kept.popitem(last=False)


def slot_days(shared: dict[str, object]) -> SlotDays:
    with _lock:
        found = shared.get(SHARED_KEY)
        if not isinstance(found, SlotDays):
            found = shared[SHARED_KEY] = SlotDays()
        return found


_lock = threading.Lock()
