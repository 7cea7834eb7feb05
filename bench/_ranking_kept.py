"""Ranking by the earliest slot through the use case, with the days kept between questions
(services/slot_days.py), for bench/schedule_load.py --ranking.

On schedule_load's desk (a department of 200 technicians, 2,000 visits over three days) one
ticket of that department is ranked again and again, the four ways interleaved in one run (in
a shuffled order each round):
- slot, days built: every call with nothing kept (what every call cost before the days were
  kept; the one query more for the newest event's id included);
- slot, days kept: nothing changed since the last ranking;
- slot, one day changed: an absence entered and removed for one technician in between (two
  events naming them: their day alone is built again);
- now: ranking by who is free now, which reads the same fleet and no day (what the slot
  ranking costs besides its days);
and the slot half alone (`search_slots` and the words, once the ticket and the fleet are
read) with the days built, kept, and kept with one changed. The fleet's read is measured both
ways in the same run: as it is (counts and jobs in hand read as such) and as it was before
(every open ticket with its site, whole, reduced in Python), alone and inside the kept slot
ranking and the now ranking. The board's own slot questions too: `earliest_slots` for the
ticket and `offered_windows` for its site over three days, each with its days built (a fresh
copy of the services) and kept.
The clock is the seeded desk's, so the visits planned for its days are the ones searched."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from _common import percentiles
from dispatch_console.domain.candidates import FleetMember, Mode, RankingPolicy
from dispatch_console.domain.desk_zone import DeskZone
from dispatch_console.domain.model import Technician
from dispatch_console.domain.pins import JOB_STAGES, JobInHand, most_advanced
from dispatch_console.domain.ranking import Fleet
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor, UnitOfWork
from dispatch_console.services import Services
from dispatch_console.services.dispatch import _member
from dispatch_console.services.slot_days import SlotDays, slot_days
from dispatch_console.services.slot_search import rank_by_slot, search_slots
from dispatch_console.storage import schema as s
from dispatch_console.storage.store import SqlStore

ASKED = "排程基准：按最早空档排名"  # the ticket ranked, found again in a reused desk


class _Fixed:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def _ticket(services: Services, store: SqlStore, dept: int) -> int:
    with store.unit_of_work(read_only=True) as uow:
        found = uow.find(Ticket, description=ASKED, department_id=dept)
    if found:
        return found[0].id
    with store.engine.connect() as conn:
        site, customer = conn.execute(
            select(s.SiteRow.id, s.SiteRow.customer_id).where(s.SiteRow.customer_id.is_not(None))
        ).first()  # type: ignore[misc]
    draft = TicketDraft(
        "phone", "lift", "normal", ASKED, customer_id=customer, site_id=site, department_id=dept
    )
    return services.create_ticket(draft).id


def _fleet_before(
    uow: UnitOfWork,
) -> tuple[list[FleetMember], list[Technician], dict[int, JobInHand]]:
    """The fleet read as it was before `jobs_in_hand`: every open ticket with a site, whole,
    its jobs in hand found in Python (by ticket id, so the same as the query's)."""
    counts = uow.open_job_counts()
    sites = sorted(uow.open_ticket_sites(), key=lambda row: row[0].id)
    in_hand = most_advanced(
        (t.assignee_id, JobInHand(t.id, JOB_STAGES.get(t.status, 0), lat, lon,
                                  t.planned_start_at is not None))
        for t, lat, lon in sites
        if t.assignee_id is not None
    )  # fmt: skip
    technicians = uow.technicians(None)
    members = []
    for t in technicians:
        member = _member(t, counts.get(t.id, 0))
        if t.id in in_hand:
            member.job_lat, member.job_lon = in_hand[t.id].lat, in_hand[t.id].lon
        members.append(member)
    return members, technicians, in_hand


def _slot_half(desk: Services, store: SqlStore, ticket: int, kept: SlotDays | None) -> float:
    """The slot half of one ranking alone (the days, the search, the words), after the ticket,
    the job and the fleet are read as rank_technicians reads them."""
    dispatch = desk.dispatch
    policy = RankingPolicy()
    with store.unit_of_work(read_only=True) as uow:
        row = uow.get(Ticket, ticket)
        job = dispatch._job(uow, row)
        members, technicians, in_hand = dispatch._fleet_with(uow)
        fleet = Fleet(members)
        t0 = time.perf_counter()
        search = search_slots(
            uow, row, job, fleet, technicians, in_hand, desk.now(), policy, DeskZone(), days=kept
        )
        rank_by_slot(search, fleet, job, policy, 10)
        return time.perf_counter() - t0


def bench_kept_ranking(
    store: SqlStore, dept: int, techs: list[int], now: datetime, repeat: int
) -> dict[str, Any]:
    clock = _Fixed(now)
    desk = Services(store.unit_of_work, store.feed, Actor("bench", "supervisor"), clock=clock)
    lead = desk.as_actor(Actor("bench-lead", "supervisor"))
    ticket = _ticket(desk, store, dept)
    rng = random.Random(25)
    kept = slot_days(desk.context.shared)
    desk.rank_technicians(ticket, Mode.SLOT)  # numpy, the first query plans: not measured
    # the same services and kept days, reading the fleet the old way (for before/after)
    before = Services(
        store.unit_of_work, store.feed, desk.actor, clock=clock, shared=desk.context.shared
    )
    before.dispatch._fleet_with = _fleet_before  # type: ignore[method-assign]
    names = (
        "built", "kept", "one_changed", "now", "half_built", "half_kept", "half_changed",
        "fleet_after", "fleet_before", "kept_fleet_before", "now_fleet_before",
        "offer_built", "offer_kept", "windows_built", "windows_kept",
    )  # fmt: skip
    with store.unit_of_work(read_only=True) as uow:
        site = uow.get(Ticket, ticket).site_id
    assert site is not None
    offered: set[tuple[object, ...]] = set()
    times: dict[str, list[float]] = {name: [] for name in names}
    rebuilt = []
    listed: set[tuple[int, ...]] = set()

    def change_one() -> None:
        who = rng.choice(techs)
        later = now + timedelta(days=30)
        away = lead.add_absence(who, "training", later, later + timedelta(hours=2)).absence
        lead.remove_absence(away.id, away.version)

    def built() -> None:
        fresh = Services(store.unit_of_work, store.feed, desk.actor, clock=clock)
        t0 = time.perf_counter()
        ranking = fresh.rank_technicians(ticket, Mode.SLOT)
        times["built"].append(time.perf_counter() - t0)
        listed.add(tuple(c.technician_id for c in ranking.candidates))

    def kept_days() -> None:
        t0 = time.perf_counter()
        ranking = desk.rank_technicians(ticket, Mode.SLOT)
        times["kept"].append(time.perf_counter() - t0)
        listed.add(tuple(c.technician_id for c in ranking.candidates))

    def one_changed() -> None:
        change_one()
        before = kept.built
        t0 = time.perf_counter()
        ranking = desk.rank_technicians(ticket, Mode.SLOT)
        times["one_changed"].append(time.perf_counter() - t0)
        rebuilt.append(kept.built - before)
        listed.add(tuple(c.technician_id for c in ranking.candidates))

    def now_mode() -> None:
        t0 = time.perf_counter()
        desk.rank_technicians(ticket, Mode.NOW)
        times["now"].append(time.perf_counter() - t0)

    def fleets() -> None:
        for name, read in (
            ("fleet_after", desk.dispatch._fleet_with),
            ("fleet_before", _fleet_before),
        ):
            with store.unit_of_work(read_only=True) as uow:
                t0 = time.perf_counter()
                members = read(uow)[0]
                times[name].append(time.perf_counter() - t0)
            fleets_read.add(tuple((m.id, m.open_jobs, m.job_lat, m.job_lon) for m in members))

    def kept_fleet_before() -> None:
        t0 = time.perf_counter()
        ranking = before.rank_technicians(ticket, Mode.SLOT)
        times["kept_fleet_before"].append(time.perf_counter() - t0)
        listed.add(tuple(c.technician_id for c in ranking.candidates))

    def now_fleet_before() -> None:
        t0 = time.perf_counter()
        before.rank_technicians(ticket, Mode.NOW)
        times["now_fleet_before"].append(time.perf_counter() - t0)

    def offers(copy: Services, way: str) -> None:
        t0 = time.perf_counter()
        offer = copy.earliest_slots(ticket, department_id=dept)
        times[f"offer_{way}"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        windows = copy.offered_windows(site, dept, days=3)
        times[f"windows_{way}"].append(time.perf_counter() - t0)
        offered.add((tuple(s.technician_id for s in offer.slots), tuple(windows)))

    def offers_built() -> None:
        offers(Services(store.unit_of_work, store.feed, desk.actor, clock=clock), "built")

    def offers_kept() -> None:
        offers(desk, "kept")

    fleets_read: set[tuple[object, ...]] = set()
    ways = [
        built, kept_days, one_changed, now_mode, fleets, kept_fleet_before, now_fleet_before,
        offers_built, offers_kept,
    ]  # fmt: skip
    for _ in range(repeat):
        rng.shuffle(ways)  # none always runs after the same one (the collector, the caches)
        for way in ways:
            way()
        times["half_built"].append(_slot_half(desk, store, ticket, None))
        times["half_kept"].append(_slot_half(desk, store, ticket, kept))
        change_one()
        times["half_changed"].append(_slot_half(desk, store, ticket, kept))
    if len(listed) != 1:
        raise SystemExit(f"the ways listed different technicians: {sorted(listed)}")
    if len(fleets_read) != 1:
        raise SystemExit("the fleet read before and after differ")
    if len(offered) != 1:
        raise SystemExit("the board's slots or windows differ, days built or kept")
    out: dict[str, Any] = {name: percentiles(samples) for name, samples in times.items()}
    out["days_built_after_one_change"] = sorted(set(rebuilt))
    out["candidates"] = len(next(iter(listed)))
    return out


def say(dialect: str, found: dict[str, Any]) -> str:
    def ms(name: str) -> str:
        return f"p50 {found[name]['p50_ms']:.1f} / p95 {found[name]['p95_ms']:.1f} ms"

    return (
        f"[{dialect}] rank_technicians(slot), {found['candidates']} listed: days built each "
        f"call {ms('built')}; days kept {ms('kept')}; one day changed {ms('one_changed')} "
        f"(days built again: {found['days_built_after_one_change']}); rank_technicians(now), "
        f"no days: {ms('now')}. The slot half alone (days, search, words): days built "
        f"{ms('half_built')}; kept {ms('half_kept')}; one changed {ms('half_changed')}. "
        f"The fleet read alone: before {ms('fleet_before')}, after {ms('fleet_after')}; "
        f"with the fleet read as before: slot, days kept {ms('kept_fleet_before')}; "
        f"now {ms('now_fleet_before')}. The board's earliest_slots: days built "
        f"{ms('offer_built')}, kept {ms('offer_kept')}; offered_windows: days built "
        f"{ms('windows_built')}, kept {ms('windows_kept')}"
    )
