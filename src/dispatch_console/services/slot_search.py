"""Slot mode's half of ranking: each technician's earliest slot for a ticket, from their days.

Loads the days of the technicians the other filters keep (three queries; services/slot_days.py
keeps them between questions until the event log says they changed), builds them as the desk
stands now (a job in hand never planned is a bar from now, someone off duty works no more
of this shift), asks the `ScheduleBoard` once for all of them, and words the answer for the
listed candidates and for everyone without a slot. Used by `rank_technicians` in slot mode,
and so by auto-dispatch."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..domain.candidates import (
    Exclusion,
    Job,
    Mode,
    Ranking,
    RankingPolicy,
    SlotNote,
    SlotWindow,
)
from ..domain.desk_zone import DeskZone
from ..domain.enums import TechnicianStatus
from ..domain.model import Technician
from ..domain.pins import JobInHand
from ..domain.ranking import Fleet, SlotColumns, eligible, rank
from ..domain.schedule import PlannedJob, Visit
from ..domain.schedule.offer import (
    DEFAULT_VISIT_MINUTES,
    job_in_hand,
    note_for_slot,
    notes_for_misses,
    off_duty,
    search_window,
    visit_window,
)
from ..domain.schedule.slots import ScheduleBoard, Slots
from ..domain.schedule.travel import StraightLine
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .schedule.loading import department_zone
from .slot_days import SlotDays, build_days


@dataclass(slots=True)
class SlotSearch:
    """One ticket's question to the schedule and its answer, kept to word the ranking."""

    window: SlotWindow
    visit: Visit
    board: ScheduleBoard
    answer: Slots
    columns: SlotColumns
    travel: StraightLine
    now: datetime

    def explain(self, ranking: Ranking) -> Ranking:
        """The ranking with each candidate's slot in words' terms, and why each technician
        the schedule left out has no slot."""
        candidates = []
        for c in ranking.candidates:
            day = self.board.days.get(c.technician_id)
            slot = self.answer.slot(c.technician_id)
            note = None
            if day is not None and slot is not None:
                note = note_for_slot(day, self.visit, slot.arrives_at.timestamp(), self.travel)
            candidates.append(replace(c, slot=note))
        return replace(ranking, candidates=candidates, window=self.window, no_slot=self.misses())

    def misses(self) -> dict[int, SlotNote]:
        return notes_for_misses(self.board.days, self.visit, self.answer, self.now)


def search_slots(
    uow: UnitOfWork,
    ticket: Ticket,
    job: Job,
    fleet: Fleet,
    technicians: list[Technician],
    in_hand: dict[int, JobInHand],
    now: datetime,
    policy: RankingPolicy,
    desk: DeskZone,
    *,
    days: SlotDays | None = None,
) -> SlotSearch:
    """Every eligible technician's earliest slot for the ticket. "Today" and "tomorrow" of a
    ticket without a booking are counted in its department's zone, else the desk's (`desk`:
    also the zone and holidays of technicians whose department has no hours set). `days`: the
    days kept from earlier questions (None: read for this one alone)."""
    zone = department_zone(uow, ticket.department_id, desk)[0]
    minutes = float(ticket.planned_minutes or DEFAULT_VISIT_MINUTES)
    window, since, until = search_window(
        ticket.appointment_starts_at, ticket.appointment_ends_at, now, zone, minutes
    )
    wanted = set(eligible(fleet, job, Mode.SLOT, policy))
    chosen = [t for t in technicians if t.id in wanted]
    if days is None:  # built for this question alone
        board = ScheduleBoard(build_days(uow, chosen, since, until, desk), since, until)
    else:
        board = days.board(uow, chosen, since, until, desk)
    unplanned = _unplanned_jobs_in_hand(in_hand, wanted, now, policy.current_job_minutes)
    for t in chosen:  # the stored days as this question sees them
        day = board.days[t.id]
        asked = day  # the ticket placed is not in its own way (it may be planned already)
        if any(j.ticket_id == ticket.id for j in day.jobs):
            asked = day.without(ticket.id)
        extra = unplanned.get(t.id)
        if extra is not None and extra.ticket_id != ticket.id:
            asked = replace(asked, jobs=(*asked.jobs, extra))
        if t.status is TechnicianStatus.OFF_DUTY:
            asked = off_duty(asked, now)
        if asked is not day:
            board.replace(asked)
    visit = Visit(
        ticket.id,
        job.lat,
        job.lon,
        minutes,
        visit_window(window),
        job.required_skills,
        job.arrival_due_at,
    )
    travel = StraightLine(policy)
    answer = board.earliest_slots(visit, now, travel)
    columns = SlotColumns(answer.arrivals_for(fleet.ids), window.starts_at.timestamp())
    return SlotSearch(window, visit, board, answer, columns, travel, now)


def rank_by_slot(
    search: SlotSearch, fleet: Fleet, job: Job, policy: RankingPolicy, limit: int
) -> Ranking:
    ranking = rank(fleet, job, search.now, Mode.SLOT, policy, limit, search.columns)
    explained = search.explain(ranking)
    # only those the schedule excluded are explained by it
    if Exclusion.NO_SLOT not in explained.excluded:
        explained.no_slot = {}
    return explained


def _unplanned_jobs_in_hand(
    in_hand: dict[int, JobInHand], technician_ids: set[int], now: datetime, minutes: float
) -> dict[int, PlannedJob]:
    """Each technician's job in hand (their most advanced) that has no planned time: ranking's
    old "after current job", now a bar on their day."""
    return {
        tech: job_in_hand(job.ticket_id, job.lat, job.lon, now, minutes)
        for tech, job in in_hand.items()
        if tech in technician_ids and not job.planned
    }
