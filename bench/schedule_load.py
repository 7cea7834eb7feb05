"""Loading the dispatch board's data: 200 technicians x 3 days with 2,000 planned visits (issue 25).

On a seeded desk (customers, sites and a history of tickets, reused between runs) one
department of 200 technicians gets 2,000 open visits planned over three days, absences and a
default week. Measures, on SQLite and PostgreSQL, in one run:
- the board's way: three queries for everyone (storage/schedule_queries.py), then every
  technician's day and the ScheduleBoard built, and a first earliest-slot question;
- the use case the console calls (`schedule_board`: the same three queries, plus every
  technician, the planned visits' and the waiting jobs' board rows), then `view.days()`;
- the naive way: per technician, their tickets through the generic unit of work and each
  planned ticket's site by id (N+1 queries), then the same days and board.

    .venv/bin/python bench/schedule_load.py [--database sqlite|postgresql|both] [--ranking]
        [--booked N]

--ranking measures instead `rank_technicians` in slot mode on that desk, its days built on
every call against kept between calls (bench/_ranking_kept.py); with --booked N, N visits
customers booked that no one has planned yet are added to the desk first (once), which
`offered_windows` must hold on the days.

The desk is seeded with seed 25 (dispatch_bench_20000_50000_s25), apart from other scripts'.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from _common import dialects, percentiles, seeded_store, write_json
from _ranking_kept import bench_kept_ranking, say
from dispatch_console.domain.model import Site, Technician
from dispatch_console.domain.schedule import (
    AbsenceKind,
    AppointmentWindow,
    DepartmentHours,
    Visit,
    WeeklyHours,
)
from dispatch_console.domain.schedule.assemble import planned_job, technician_day
from dispatch_console.domain.schedule.slots import ScheduleBoard
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage import schema as s
from dispatch_console.storage import schema_schedule as sch
from dispatch_console.storage.schedule_queries import (
    absences_between,
    planned_jobs,
    working_hours,
)
from dispatch_console.storage.store import SqlStore

TECHNICIANS, JOBS, DAYS = 200, 2000, 3
CODE = "BENCH-SCHEDULE"
SEED = 25


def prepare(store: SqlStore, now: Any, rng: random.Random) -> tuple[int, list[int]]:
    """The department, its technicians and their planned visits, added once per database."""
    with store.engine.begin() as conn:
        found = conn.execute(select(s.DepartmentRow.id).where(s.DepartmentRow.code == CODE))
        dept = found.scalar()
        if dept is not None:
            techs = conn.scalars(
                select(s.TechnicianRow.id)
                .where(s.TechnicianRow.department_id == dept)
                .order_by(s.TechnicianRow.id)
            ).all()
            return dept, list(techs)
        dept = conn.execute(
            insert(s.DepartmentRow)
            .values(name="排程测试部", code=CODE)
            .returning(s.DepartmentRow.id)
        ).scalar_one()
        techs = [
            conn.execute(
                insert(s.TechnicianRow)
                .values(
                    name=f"排程师傅{i:03d}",
                    phone=f"+8617800{i:06d}",
                    department_id=dept,
                    skills=["lift"],
                    districts=[],
                    status="available",
                    work_starts=now.time(),
                    work_ends=now.time(),
                    max_open_jobs=20,
                    lat=31.23 + rng.gauss(0, 0.1),
                    lon=121.47 + rng.gauss(0, 0.12),
                    version=1,
                )
                .returning(s.TechnicianRow.id)
            ).scalar_one()
            for i in range(TECHNICIANS)
        ]
        sites = conn.scalars(select(s.SiteRow.id).limit(5000)).all()
        start = now.replace(hour=1, minute=0, second=0, microsecond=0)  # 09:00 in Shanghai
        rows = []
        for k in range(JOBS):
            tech, day = techs[k % TECHNICIANS], (k // TECHNICIANS) % DAYS
            slot = (k // (TECHNICIANS * DAYS)) * 2  # a visit every two hours
            at = start + timedelta(days=day, hours=slot)
            rows.append(
                {
                    "channel": "phone",
                    "category": "lift",
                    "priority": "normal",
                    "priority_rank": 2,
                    "status": "assigned",
                    "description": "定期保养",
                    "created_at": now,
                    "updated_at": now,
                    "sla_class": "standard",
                    "site_id": rng.choice(sites),
                    "assignee_id": tech,
                    "department_id": dept,
                    "planned_start_at": at,
                    "planned_minutes": rng.choice((45, 60, 90)),
                    "version": 1,
                }
            )
        conn.execute(insert(s.TicketRowORM), rows)
        conn.execute(
            insert(sch.AbsenceRow),
            [
                {
                    "technician_id": t,
                    "kind": AbsenceKind.LEAVE.value,
                    "starts_at": start,
                    "ends_at": start + timedelta(days=1),
                    "note": "",
                    "created_by": "bench",
                    "version": 1,
                }
                for t in techs[:10]
            ],
        )
    with store.unit_of_work() as uow:
        uow.add(DepartmentHours(0, dept, WeeklyHours.office(working_days=7)))
        uow.commit()
    return dept, techs


BOOKED = "客户自助预约"  # the description of the booked, not yet planned visits (--booked)


def book_unplaced(store: SqlStore, dept: int, now: Any, wanted: int, rng: random.Random) -> int:
    """Visits customers booked (a two-hour window on one of the three days) that no one has
    planned yet: the demand `offered_windows` holds on the days (issue 25). Added up to
    `wanted` once per database; how many there are."""
    with store.engine.begin() as conn:
        have = len(conn.scalars(select(s.TicketRowORM.id).where(
            s.TicketRowORM.description == BOOKED, s.TicketRowORM.department_id == dept
        )).all())  # fmt: skip
        if have >= wanted:
            return have
        sites = conn.scalars(select(s.SiteRow.id).limit(5000)).all()
        start = now.replace(hour=1, minute=0, second=0, microsecond=0)  # 09:00 in Shanghai
        rows = []
        for _ in range(wanted - have):
            at = start + timedelta(days=rng.randrange(DAYS), hours=2 * rng.randrange(4))
            rows.append(
                {
                    "channel": "self_service", "category": "lift", "priority": "normal",
                    "priority_rank": 2, "status": "new", "description": BOOKED,
                    "created_at": now, "updated_at": now, "sla_class": "standard",
                    "site_id": rng.choice(sites), "department_id": dept,
                    "appointment_starts_at": at, "appointment_ends_at": at + timedelta(hours=2),
                    "version": 1,
                }
            )  # fmt: skip
        conn.execute(insert(s.TicketRowORM), rows)
    return wanted


def board_way(store: SqlStore, dept: int, techs: list[int], since: Any, until: Any) -> Any:
    with store.unit_of_work(read_only=True) as uow:
        jobs = planned_jobs(uow.session, techs, since, until)
        away = absences_between(uow.session, techs, since, until)
        own, departments = working_hours(uow.session, techs, [dept])
        people = uow.find(Technician, department_id=dept)
    days = [
        technician_day(
            t,
            since,
            until,
            own=own.get(t.id),
            department=departments.get(dept),
            absences=away.get(t.id, ()),
            jobs=jobs.get(t.id, ()),
        )
        for t in people
    ]
    return days


def use_case_way(store: SqlStore, dept: int, since: Any, until: Any) -> Any:
    services = Services(store.unit_of_work, store.feed, Actor("bench", role="supervisor"))
    view = services.schedule_board(since, until, dept)
    return view.days()


def naive_way(store: SqlStore, dept: int, techs: list[int], since: Any, until: Any) -> Any:
    from dispatch_console.domain.schedule import Absence, TechnicianHours

    days = []
    with store.unit_of_work(read_only=True) as uow:
        (department,) = uow.find(DepartmentHours, department_id=dept)
        for tid in techs:
            t = uow.get(Technician, tid)
            jobs = []
            for ticket in uow.find(Ticket, assignee_id=tid):
                if ticket.planned_start_at is None or not ticket.planned_start_at < until:
                    continue
                job = planned_job(ticket, uow.get(Site, ticket.site_id))  # type: ignore[arg-type]
                if job is not None and job.ends_at > since and ticket.status.value == "assigned":
                    jobs.append(job)
            away = [
                a
                for a in uow.find(Absence, technician_id=tid)
                if a.starts_at < until and a.ends_at > since
            ]
            own = uow.find_one(TechnicianHours, technician_id=tid)
            days.append(
                technician_day(
                    t, since, until, own=own, department=department, absences=away, jobs=jobs
                )
            )
    return days


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--customers", type=int, default=20_000)
    p.add_argument("--tickets", type=int, default=50_000)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--ranking", action="store_true", help="slot ranking, days built or kept")
    p.add_argument(
        "--booked", type=int, default=0,
        help="with --ranking: this many booked, unplanned visits on the days (kept in the desk)",
    )  # fmt: skip
    args = p.parse_args()
    results: dict[str, Any] = {}
    for dialect in dialects(args.database):
        # a seed of its own: the visits added below must not land in other benchmarks' desks
        store, summary, _ = seeded_store(dialect, args.customers, args.tickets, seed=SEED)
        now = datetime.fromisoformat(summary["now"])
        dept, techs = prepare(store, now, random.Random(0))
        if args.ranking:
            if args.booked:
                booked = book_unplaced(store, dept, now, args.booked, random.Random(1))
                print(f"[{dialect}] {booked} booked visits no one has planned")
            found = bench_kept_ranking(store, dept, techs, now, args.repeat)
            print(say(dialect, found))
            results[dialect] = found
            store.close()
            continue
        since = now.replace(hour=0, minute=0, second=0, microsecond=0)
        until = since + timedelta(days=DAYS)
        window = AppointmentWindow(since + timedelta(hours=2), since + timedelta(hours=6))
        ask = Visit(1, 31.23, 121.47, 60, window, ("lift",))
        ours, naive, built = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            days = board_way(store, dept, techs, since, until)
            t1 = time.perf_counter()
            ScheduleBoard(days, since, until).earliest_slots(ask, since)
            t2 = time.perf_counter()
            ours.append(t2 - t0)
            built.append(t2 - t1)
        jobs = sum(len(d.jobs) for d in days)
        called = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            through = use_case_way(store, dept, since, until)
            ScheduleBoard(through, since, until).earliest_slots(ask, since)
            called.append(time.perf_counter() - t0)
        assert [d.jobs for d in through] == [d.jobs for d in days], "the use case loads others"
        for _ in range(max(1, args.repeat // 3)):
            t0 = time.perf_counter()
            slow = naive_way(store, dept, techs, since, until)
            ScheduleBoard(slow, since, until).earliest_slots(ask, since)
            naive.append(time.perf_counter() - t0)
        assert [d.jobs for d in slow] == [d.jobs for d in days], "the two ways load different days"
        o, n, b = percentiles(ours), percentiles(naive), percentiles(built)
        u = percentiles(called)
        print(
            f"[{dialect}] {len(days)} technicians, {jobs:,} planned visits over {DAYS} days: "
            f"loaded, days and board built, first slot: p50 {o['p50_ms']:.0f} ms "
            f"(board and slot {b['p50_ms']:.0f} ms); naive N+1 loading: p50 "
            f"{n['p50_ms']:.0f} ms ({n['p50_ms'] / o['p50_ms']:.0f}x); through the use case "
            f"schedule_board (with its board rows) and view.days(): p50 {u['p50_ms']:.0f} ms, "
            f"p95 {u['p95_ms']:.0f} ms"
        )
        results[dialect] = {"ours": o, "board_only": b, "naive": n, "use_case": u, "jobs": jobs}
        store.close()
    write_json("schedule_load_ranking" if args.ranking else "schedule_load", results)


if __name__ == "__main__":
    main()
