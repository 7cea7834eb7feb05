"""Slots and windows from the technicians' days: the earliest slot per technician for a ticket
(the dispatch chooser, ranking) and the windows a customer may be offered (the QR page).

Both read the days through `SlotDays` when given one (kept between questions until the event
log says they changed, as ranking does), so their spans end at a midnight: two questions on
the same days then share what is kept."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ...domain.desk_zone import DeskZone
from ...domain.errors import ValidationError
from ...domain.model import Department, Site
from ...domain.schedule import AppointmentWindow, PlannedJob, Visit
from ...domain.schedule.booking import DEFAULT_VISIT_MINUTES, SlotOffer
from ...domain.schedule.spans import moment
from ...domain.tickets import Ticket
from ...ports import UnitOfWork
from .loading import MAX_HORIZON, aware, department_zone, load_days

if TYPE_CHECKING:
    from ...domain.model import Technician
    from ...domain.schedule.day import TechnicianDay
    from ...domain.schedule.slots import ScheduleBoard
    from ..slot_days import SlotDays

DEFAULT_LOOKAHEAD = timedelta(days=3)  # a ticket with no window: the next three days
OFFER_LEAD = timedelta(hours=1)  # a window offered starts at least this far from now
MAX_OFFERS = 60
MAX_BOOKED = 2000  # booked visits held on the days at most (a desk's week is far fewer)

log = logging.getLogger(__name__)


def _midnight(at: datetime, zone: ZoneInfo) -> datetime:
    return datetime.combine(at.astimezone(zone).date(), time(), tzinfo=zone)


def _midnight_after(at: datetime, zone: ZoneInfo) -> datetime:
    """The first midnight at or after `at`: a longer board changes no slot in the window."""
    start = _midnight(at, zone)
    return start if start == at else start + timedelta(days=1)


def stored_days(
    uow: UnitOfWork,
    technicians: Sequence[Technician],
    since: datetime,
    until: datetime,
    desk: DeskZone,
    kept: SlotDays | None,
) -> ScheduleBoard:
    """The technicians' days as stored, on a board the caller may change: kept between
    questions when `kept` is given (None: inside a transaction that may be rolled back, or
    read for this question alone). `desk`: the zone and holidays of those without hours."""
    from ...domain.schedule.slots import ScheduleBoard

    if kept is None:
        return ScheduleBoard(load_days(uow, technicians, since, until, desk).values(), since, until)
    return kept.board(uow, list(technicians), since, until, desk)


def slot_window(
    ticket: Ticket, now: datetime, since: datetime | None, until: datetime | None
) -> AppointmentWindow:
    """Where to look: the ticket's booked window (narrowed to [since, until) when given),
    else [since or now, until or three days on)."""
    lo = None if since is None else aware(since, "since")
    hi = None if until is None else aware(until, "until")
    if ticket.appointment_starts_at is not None and ticket.appointment_ends_at is not None:
        lo = max(lo or ticket.appointment_starts_at, ticket.appointment_starts_at)
        hi = min(hi or ticket.appointment_ends_at, ticket.appointment_ends_at)
        if hi <= lo:
            raise ValidationError("since", "the period asked for is outside the booked window")
    lo = lo or now
    hi = hi or lo + DEFAULT_LOOKAHEAD
    if hi <= lo:
        raise ValidationError("until", "the period must end after it starts")
    if hi - lo > MAX_HORIZON:
        raise ValidationError("until", f"look at most {MAX_HORIZON.days} days ahead")
    return AppointmentWindow(lo, hi)


def slot_offer(
    uow: UnitOfWork,
    ticket: Ticket,
    now: datetime,
    since: datetime | None,
    until: datetime | None,
    department_id: int | None,
    minutes: int | None,
    limit: int,
    desk: DeskZone,
    kept: SlotDays | None = None,
) -> SlotOffer:
    from ...domain.schedule.travel import STRAIGHT_LINE

    if ticket.site_id is None:
        raise ValidationError("site_id", "the ticket has no site: nowhere to send anyone")
    site = uow.get(Site, ticket.site_id)
    window = slot_window(ticket, now, since, until)
    length = minutes or ticket.planned_minutes or DEFAULT_VISIT_MINUTES
    if department_id is not None:
        uow.get(Department, department_id)
    techs = uow.technicians(department_id)
    zone, _, _ = department_zone(uow, department_id or ticket.department_id, desk)
    lo = _midnight(window.starts_at, zone)
    hi = _midnight_after(window.ends_at + timedelta(minutes=length, days=1), zone)
    board = stored_days(uow, techs, lo, hi, desk, kept)
    for day in list(board.days.values()):  # the ticket placed is not in its own way
        if any(j.ticket_id == ticket.id for j in day.jobs):
            board.replace(day.without(ticket.id))
    visit = Visit(
        ticket.id, site.lat, site.lon, length, window, ticket.required_skills,
        ticket.arrival_due_at if ticket.arrived_at is None else None,
    )  # fmt: skip
    slots = board.earliest_slots(visit, now, STRAIGHT_LINE)
    return SlotOffer(ticket.id, window, length, slots.earliest(limit), slots.miss)


def _candidates(
    days: Sequence[TechnicianDay], zone: ZoneInfo, first: datetime, last: datetime, step: timedelta
) -> list[AppointmentWindow]:
    """Windows of `step` on each local day, from the earliest shift start that day to the
    latest shift end (aligned to the shifts, as a desk offers 9-11, 11-13 ...)."""
    by_date: dict[date, tuple[datetime, datetime]] = {}
    for day in days:
        for shift in day.shifts:
            start, end = moment(shift.start).astimezone(zone), moment(shift.end).astimezone(zone)
            lo, hi = by_date.get(start.date(), (start, end))
            by_date[start.date()] = (min(lo, start), max(hi, end))
    out: list[AppointmentWindow] = []
    for _, (lo, hi) in sorted(by_date.items(), key=lambda kv: kv[1]):
        at = lo
        while at + step <= hi:
            if at >= first and at + step <= last:
                out.append(AppointmentWindow(at, at + step))
            at += step
    return out


def offer_windows(
    uow: UnitOfWork,
    site: Site,
    now: datetime,
    department_id: int | None,
    days: int,
    window_minutes: int,
    visit_minutes: int,
    desk: DeskZone,
    kept: SlotDays | None = None,
) -> list[AppointmentWindow]:
    from ...domain.schedule.travel import STRAIGHT_LINE
    from ...domain.schedule.windows import window_problems

    if department_id is not None:
        uow.get(Department, department_id)
    zone, calendar, _ = department_zone(uow, department_id, desk)
    techs = uow.technicians(department_id)
    lo = _midnight(now, zone)
    hi = lo + timedelta(days=days)  # today counts: days=1 is the rest of today
    board = stored_days(uow, techs, lo, hi, desk, kept)
    loaded = list(board.days.values())
    hold_booked(uow, board, department_id, now, max(lo, now), hi)  # one ended: no room
    step = timedelta(minutes=window_minutes)
    out: list[AppointmentWindow] = []
    for window in _candidates(loaded, zone, now + OFFER_LEAD, hi, step):
        if any(p.blocking for p in window_problems(window, now, calendar, zone)):
            continue  # a holiday: set_appointment would refuse it
        visit = Visit(0, site.lat, site.lon, float(visit_minutes), window)
        if board.earliest_slots(visit, now, STRAIGHT_LINE).earliest(1):
            out.append(window)
            if len(out) >= MAX_OFFERS:
                break
    return out


def hold_booked(
    uow: UnitOfWork,
    board: ScheduleBoard,
    department_id: int | None,
    now: datetime,
    since: datetime,
    until: datetime,
) -> int:
    """Put the visits customers booked but no one has planned yet on the board as tentative
    jobs, so a window is offered only while one more visit still fits beside them (issue 25:
    four QR reports booked one technician's one window). How many did not fit anywhere.

    Greedy, earliest window end first, each at the earliest slot any technician able to do it
    has (`earliest_slots`): the visit that must be done soonest takes the first room, leaving
    the later room to those that may wait, the order a dispatcher would plan them in. It is not
    the best packing there is (that is a bin-packing search, too slow for every page view), so
    at the margin it may keep back a window a cleverer plan could still fit, never offer one
    these placements leave no room in. A booked visit that fits nowhere (the day is already
    overbooked, its technician fell ill) holds nothing: the desk must move it; logged."""
    from ...domain.schedule.travel import STRAIGHT_LINE

    missed = 0
    for b in uow.booked_unplaced(department_id, since, until, MAX_BOOKED):
        lo, hi = max(b.starts_at, since), min(b.ends_at, until)  # the board's days only
        if hi <= lo:
            continue
        minutes = float(b.minutes or DEFAULT_VISIT_MINUTES)
        visit = Visit(b.ticket_id, b.lat, b.lon, minutes, AppointmentWindow(lo, hi),
                      b.required_skills)  # fmt: skip
        found = board.earliest_slots(visit, now, STRAIGHT_LINE).earliest(1)
        if not found:
            missed += 1
            continue
        slot = found[0]
        day = board.days[slot.technician_id]
        job = PlannedJob(b.ticket_id, slot.arrives_at, minutes, b.lat, b.lon)
        board.replace(replace(day, jobs=(*day.jobs, job)))
    if missed:
        log.info("%d booked visit(s) fit on no technician's day: offered windows leave them out",
                 missed)  # fmt: skip
    return missed
