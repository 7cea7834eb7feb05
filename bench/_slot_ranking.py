"""Ranking by the schedule over 1,000 technicians (issue 25), for bench/map_dispatch.py --slots.

The fleet and visits are bench/schedule.py's (office hours, lunch, holidays, a few absences,
five visits a day each over three days). Per visit, timed in one run:
- ours: `ScheduleBoard.earliest_slots` (the slot search, issue 25's <= 20 ms p95 target), then
  ranking in slot mode over the numpy fleet and the words for the ten listed and for everyone
  without a slot (what `rank_technicians` does once the days are built);
- naive: `naive_earliest_slots` (a Python loop per technician over their visits), then the
  same filters and score per technician in Python, a sort, and the same words.
Both must list technicians with the same scores. Building the days from the database is
bench/schedule_load.py's half."""

from __future__ import annotations

import random
import time
from typing import Any

from _common import percentiles
from dispatch_console.domain.candidates import FleetMember, Job, Mode, RankingPolicy
from dispatch_console.domain.enums import TechnicianStatus
from dispatch_console.domain.ranking import Fleet, SlotColumns, rank
from dispatch_console.domain.schedule.day import TechnicianDay
from dispatch_console.domain.schedule.offer import note_for_slot, notes_for_misses
from dispatch_console.domain.schedule.records import Visit
from dispatch_console.domain.schedule.slots import ScheduleBoard, naive_earliest_slots
from dispatch_console.domain.schedule.travel import STRAIGHT_LINE
from schedule import NOW, SINCE, UNTIL, visits
from schedule import fleet as schedule_fleet

LIMIT = 10


def _members(days: list[TechnicianDay], rng: random.Random) -> list[FleetMember]:
    return [
        FleetMember(
            id=d.technician_id,
            name=f"技术员{d.technician_id:05d}",
            department_id=1,
            skills=tuple(sorted(d.skills)),
            status=TechnicianStatus.AVAILABLE,
            max_open_jobs=8,
            open_jobs=rng.randint(0, 5),
            lat=d.lat,
            lon=d.lon,
            position_at=NOW,
        )
        for d in days
    ]


def _job(v: Visit) -> Job:
    return Job(v.ticket_id, v.lat, v.lon, v.required_skills, 1, arrival_due_at=v.arrival_due_at)


def _ours(
    board: ScheduleBoard, fleet: Fleet, v: Visit, cpu: list[float]
) -> tuple[float, float, list[float]]:
    c0, t0 = time.thread_time(), time.perf_counter()
    answer = board.earliest_slots(v, NOW)
    t1, c1 = time.perf_counter(), time.thread_time()
    cpu.append(c1 - c0)  # this thread's CPU time: what a loaded machine does not add
    columns = SlotColumns(answer.arrivals_for(fleet.ids), v.window.starts_at.timestamp())
    ranking = rank(fleet, _job(v), NOW, Mode.SLOT, RankingPolicy(), LIMIT, columns)
    for c in ranking.candidates:
        slot = answer.slot(c.technician_id)
        assert slot is not None
        note_for_slot(board.days[c.technician_id], v, slot.arrives_at.timestamp(), STRAIGHT_LINE)
    notes_for_misses(board.days, v, answer, NOW)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t0, [c.score for c in ranking.candidates]


def _naive(
    days: list[TechnicianDay], members: list[FleetMember], v: Visit
) -> tuple[float, float, list[float]]:
    """The obvious Python: each technician's slot by a loop over their visits, then each one
    filtered, scored and sorted, then the words."""
    policy = RankingPolicy()
    t0 = time.perf_counter()
    slots = naive_earliest_slots(days, v, NOW)
    t1 = time.perf_counter()
    by_id = {d.technician_id: d for d in days}
    opens = max(v.window.starts_at, NOW).timestamp()
    due = None if v.arrival_due_at is None else v.arrival_due_at.timestamp()
    scored = []
    for m in members:
        at = slots.get(m.id)
        if at is None or not set(v.required_skills) <= set(m.skills):
            continue
        if m.open_jobs >= m.max_open_jobs or m.lat is None:
            continue
        score = (at.timestamp() - opens) / 60 + m.open_jobs * policy.minutes_per_open_job
        if due is not None and at.timestamp() > due:
            score += (at.timestamp() - due) / 60 * policy.late_weight
        scored.append((score, m.id, at))
    scored.sort(key=lambda s: s[0])
    for _score, tid, at in scored[:LIMIT]:
        note_for_slot(by_id[tid], v, at.timestamp(), STRAIGHT_LINE)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t0, [s[0] for s in scored[:LIMIT]]


def bench_slot_ranking(technicians: int, asked: int, rng: random.Random) -> dict[str, Any]:
    days = schedule_fleet(technicians, 5, rng)
    members = _members(days, rng)
    sample = visits(asked, rng)
    fleet = Fleet(members)
    started = time.perf_counter()
    board = ScheduleBoard(days, SINCE, UNTIL)
    board.earliest_slots(sample[0], NOW)  # the first question joins the columns
    build_s = time.perf_counter() - started
    search, ours, naive_search, naive, cpu = [], [], [], [], []
    agree = 0
    for v in sample:
        s, total, scores = _ours(board, fleet, v, cpu)
        ns, ntotal, nscores = _naive(days, members, v)
        search.append(s)
        ours.append(total)
        naive_search.append(ns)
        naive.append(ntotal)
        agree += all(abs(a - b) < 1e-6 for a, b in zip(scores, nscores, strict=True))
    out = {
        "technicians": technicians,
        "visits": asked,
        "board_build_ms": round(build_s * 1000, 1),
        "slot_search": percentiles(search),
        "slot_search_cpu": percentiles(cpu),
        "ranked_with_words": percentiles(ours),
        "naive_slot_search": percentiles(naive_search),
        "naive_ranked_with_words": percentiles(naive),
        "same_scores": agree,
    }
    o, n = out["ranked_with_words"], out["naive_ranked_with_words"]
    s = out["slot_search"]
    print(
        f"ranking by the earliest slot over {technicians:,} technicians, {asked} visits: "
        f"slot search p50 {s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms (CPU p95 "
        f"{out['slot_search_cpu']['p95_ms']:.2f} ms); with ranking and "
        f"words p50 {o['p50_ms']:.2f} ms, p95 {o['p95_ms']:.2f} ms; naive loop p50 "
        f"{n['p50_ms']:.1f} ms, p95 {n['p95_ms']:.1f} ms ({n['p95_ms'] / o['p95_ms']:.0f}x at "
        f"p95); same scores listed in {agree}/{asked}; board built in {build_s * 1000:.0f} ms"
    )
    if agree != asked:
        raise SystemExit("slot ranking and the naive loop disagree")
    return out
