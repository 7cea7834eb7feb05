"""The dispatch board's one read (issue 25): `schedule_board` for 200 technicians x 3 days with
2,000 planned visits, lean bars against whole ticket rows, in one run.

On a scratch desk (created here, dropped at the end unless --keep) one department of 200
technicians gets 2,000 open visits over three days (bench/schedule_load.py's `prepare`). Timed,
alternating the two ways so that both meet the same load on a shared machine:
- lean (what `schedule_board` does now): technicians, hours, absences, then one select of only
  the columns a bar shows for the planned visits (`planned_bars`) and one for the jobs waiting
  (`waiting_bars`), as `BoardRow`s;
- full rows (what it did before): the same first reads, the planned visits' ids
  (`planned_jobs`), the waiting jobs' ids, then both sets as whole queue lines
  (`ticket_rows`: every ticket column, four names and the escalation level, hydrated into
  `Ticket`s);
then `view.days()` for both. Wall time and this process's CPU time (the database server's CPU
is not in it) are reported, p50 and p95. Also the rows' share of the REST answer: bytes plain
and gzipped (as server/packing.py sends them), and the client's decoding (pydantic, as
rest/client.py does).

    .venv/bin/python bench/board_read.py [--database sqlite|postgresql|both] [--repeat 15]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, or_, select, text

from _common import database_url, dialects, drop_database, percentiles, seeded_store, write_json
from dispatch_console.domain.desk_zone import DEFAULT_TIMEZONE
from dispatch_console.domain.model import Technician
from dispatch_console.domain.schedule.bars import BoardRow
from dispatch_console.domain.schedule.booking import ScheduleView
from dispatch_console.domain.schedule.calendar import DEFAULT_REGION
from dispatch_console.domain.tickets import TicketRow
from dispatch_console.ports import Actor
from dispatch_console.rest.wire import from_json, to_json
from dispatch_console.server.packing import LEVEL
from dispatch_console.services import Services
from dispatch_console.services.schedule import MAX_UNSCHEDULED
from dispatch_console.storage import schema as s
from dispatch_console.storage.schedule_queries import WAITING_STATUSES
from dispatch_console.storage.schema import OPEN_PREDICATE
from dispatch_console.storage.store import SqlStore
from schedule_load import DAYS, prepare

SEED = 26  # a scratch desk of its own
T = s.TicketRowORM


def lean(store: SqlStore, dept: int, since: datetime, until: datetime) -> ScheduleView:
    services = Services(store.unit_of_work, store.feed, Actor("bench", role="supervisor"))
    return services.schedule_board(since, until, dept)


def full_rows(store: SqlStore, dept: int, since: datetime, until: datetime) -> ScheduleView:
    """schedule_board as the booking branch wrote it: ids first, then whole queue lines."""
    with store.unit_of_work(read_only=True) as uow:
        techs: list[Technician] = uow.technicians(dept)
        ids = [t.id for t in techs]
        own, theirs = uow.working_hours(ids, {dept})
        absences = uow.absences_between(ids, since, until)
        jobs = uow.planned_jobs(ids, since, until)
        planned_ids = [j.ticket_id for t in ids for j in jobs.get(t, ())]
        waiting = list(
            uow.session.scalars(
                select(T.id)
                .where(
                    or_(T.planned_start_at.is_(None), T.assignee_id.is_(None)),
                    T.site_id.is_not(None),
                    T.status.in_(WAITING_STATUSES),
                    text(f"{T.__tablename__}.{OPEN_PREDICATE}"),
                    T.department_id == dept,
                )
                .order_by(T.next_due_at.is_(None), T.next_due_at, T.id)
                .limit(MAX_UNSCHEDULED)
            )
        )
        planned: list[Any] = uow.ticket_rows(planned_ids) if planned_ids else []
        unscheduled: list[Any] = uow.ticket_rows(waiting) if waiting else []
        return ScheduleView(
            since,
            until,
            techs,
            list(theirs.values()),
            list(own.values()),
            [a for t in ids for a in absences.get(t, ())],
            planned,  # TicketRows: the fields days() reads have the same names
            unscheduled,
            DEFAULT_TIMEZONE,
            DEFAULT_REGION,
        )


def add_waiting(store: SqlStore, dept: int, now: datetime, n: int, rng: random.Random) -> None:
    """Open jobs of the department on no one's day, for the list beside the board."""
    with store.engine.begin() as conn:
        sites = conn.execute(select(s.SiteRow.id, s.SiteRow.customer_id).limit(2000)).all()
        rows = []
        for k in range(n):
            site, customer = rng.choice(sites)
            due = now + timedelta(minutes=30 + 7 * k)
            rows.append(
                {
                    "channel": "phone",
                    "category": "lift",
                    "priority": "high",
                    "priority_rank": 1,
                    "status": "new",
                    "description": "电梯异响，需上门检查" * 8,
                    "created_at": now,
                    "updated_at": now,
                    "sla_class": "standard",
                    "site_id": site,
                    "customer_id": customer,
                    "department_id": dept,
                    "contact_name": "王先生",
                    "contact_phone": "+8613800000000",
                    "response_due_at": due,
                    "arrival_due_at": due + timedelta(hours=4),
                    "resolution_due_at": due + timedelta(hours=24),
                    "next_due_at": due,
                    "required_skills": ["lift"],
                    "version": 1,
                }
            )
        conn.execute(insert(s.TicketRowORM), rows)


def _clock(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def _summary(samples: dict[str, list[float]]) -> dict[str, Any]:
    return {k: percentiles(v) for k, v in samples.items()}


def _wire(view: ScheduleView, row_type: Any) -> dict[str, float]:
    """The rows' JSON as the server writes it: bytes plain and gzipped (server/packing.py),
    the server's time to pack them and the client's to decode them, in milliseconds."""
    rows = view.planned + view.unscheduled
    body = json.dumps(to_json(list[row_type], rows), ensure_ascii=False).encode()
    t0 = time.perf_counter()
    packed = gzip.compress(body, LEVEL, mtime=0)
    t1 = time.perf_counter()
    from_json(list[row_type], json.loads(body))
    t2 = time.perf_counter()
    return {
        "kib": round(len(body) / 1024),
        "gzip_kib": round(len(packed) / 1024),
        "pack_ms": round((t1 - t0) * 1000, 1),
        "decode_ms": round((t2 - t1) * 1000, 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--customers", type=int, default=2_000)
    p.add_argument("--tickets", type=int, default=5_000)
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--waiting", type=int, default=300, help="jobs waiting to be planned")
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = p.parse_args()
    results: dict[str, Any] = {}
    for dialect in dialects(args.database):
        store, summary, _ = seeded_store(
            dialect, args.customers, args.tickets, seed=SEED, fresh=True
        )
        try:
            results[dialect] = run(store, summary, args.repeat, args.waiting, dialect)
        finally:
            store.close()
            if not args.keep:
                drop_database(dialect, database_url(dialect, args.customers, args.tickets, SEED))
    write_json("board_read", results)


def run(
    store: SqlStore, summary: dict[str, Any], repeat: int, waiting: int, dialect: str
) -> dict[str, Any]:
    now = datetime.fromisoformat(summary["now"])
    dept, _ = prepare(store, now, random.Random(0))
    add_waiting(store, dept, now, waiting, random.Random(1))
    since = now.replace(hour=0, minute=0, second=0, microsecond=0)
    until = since + timedelta(days=DAYS)
    ways = {"lean": lean, "full_rows": full_rows}
    samples: dict[str, dict[str, list[float]]] = {
        w: {k: [] for k in ("read_wall", "read_cpu", "days_wall", "days_cpu", "total_wall")}
        for w in ways
    }
    views: dict[str, ScheduleView] = {}
    for i in range(repeat + 1):
        for name, way in ways.items() if i % 2 else reversed(ways.items()):
            rw, rc, view = _clock(lambda way=way: way(store, dept, since, until))
            dw, dc, _ = _clock(view.days)
            if i == 0:  # the first round warms caches and statements: not counted
                views[name] = view
                continue
            got = samples[name]
            got["read_wall"].append(rw)
            got["read_cpu"].append(rc)
            got["days_wall"].append(dw)
            got["days_cpu"].append(dc)
            got["total_wall"].append(rw + dw)
    a, b = views["lean"], views["full_rows"]
    assert [r.ticket.id for r in a.planned] == [r.ticket.id for r in b.planned]
    assert [r.ticket.id for r in a.unscheduled] == [r.ticket.id for r in b.unscheduled]
    assert [d.jobs for d in a.days()] == [d.jobs for d in b.days()], "different days"
    wire = {"lean": _wire(a, BoardRow), "full_rows": _wire(b, TicketRow)}
    out: dict[str, Any] = {
        "planned": len(a.planned),
        "waiting": len(a.unscheduled),
        "technicians": len(a.technicians),
        "rest_rows": wire,
    }
    print(
        f"[{dialect}] {len(a.technicians)} technicians x {DAYS} days, {len(a.planned):,} planned,"
        f" {len(a.unscheduled)} waiting; p50 / p95 ms of {repeat}"
    )
    for name in ways:
        got = _summary(samples[name])
        out[name] = got
        line = "  ".join(
            f"{k} {got[k]['p50_ms']:.0f}/{got[k]['p95_ms']:.0f}"
            for k in ("read_wall", "read_cpu", "days_wall", "days_cpu", "total_wall")
        )
        print(f"  {name:<9} {line}")
    for name, w in wire.items():
        print(
            f"  REST rows, {name}: {w['kib']} KiB, gzipped {w['gzip_kib']} KiB (packed in"
            f" {w['pack_ms']:.0f} ms); the client decodes them in {w['decode_ms']:.0f} ms"
        )
    return out


if __name__ == "__main__":
    main()
