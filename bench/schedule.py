"""The earliest feasible slot for a visit over 1,000 technicians' days (issue 25).

A fleet around Shanghai with office hours, lunch, public holidays, a few absences and about
five booked jobs a day each over three days. Measures, in one run:
- `ScheduleBoard.earliest_slots` (numpy over every technician's free pieces) against
  `naive_earliest_slots` (a Python loop per technician over every job), p50 / p95 over the
  same visits, and that both give the same slot for every technician;
- building the board for the fleet, and one technician's `replace` followed by a question
  (a job booked: the columns are joined again).

    .venv/bin/python bench/schedule.py [--technicians 1000] [--visits 300]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from _common import percentiles, write_json
from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    HolidayCalendar,
    PlannedJob,
    Visit,
    WeeklyHours,
)
from dispatch_console.domain.schedule.day import (
    TechnicianDay,
)
from dispatch_console.domain.schedule.slots import (
    ScheduleBoard,
    naive_earliest_slots,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CENTER = (31.2304, 121.4737)
SKILLS = ("lift", "hvac", "printer", "network", "kiosk")
SINCE = datetime(2026, 3, 2, tzinfo=SHANGHAI)  # a Monday
DAYS = 3
UNTIL = SINCE + timedelta(days=DAYS)
NOW = SINCE + timedelta(hours=8)


def near(rng: random.Random, spread: float = 0.1) -> tuple[float, float]:
    return CENTER[0] + rng.gauss(0, spread), CENTER[1] + rng.gauss(0, spread * 1.2)


def fleet(n: int, jobs_per_day: int, rng: random.Random) -> list[TechnicianDay]:
    calendar = HolidayCalendar("CN")
    week = WeeklyHours.office()
    days = []
    ticket = 0
    for tid in range(1, n + 1):
        jobs = []
        for d in range(DAYS):
            # a day of visits: 08:30 onwards, 30-120 minutes each, 15-60 minutes apart
            start = SINCE + timedelta(days=d, hours=8, minutes=30 + rng.randint(0, 60))
            for _ in range(jobs_per_day):
                minutes = rng.choice((30, 45, 60, 90, 120))
                ticket += 1
                jobs.append(PlannedJob(ticket, start, minutes, *near(rng)))
                start += timedelta(minutes=minutes + rng.randint(15, 60))
        absences = []
        if rng.random() < 0.05:
            start = SINCE + timedelta(days=rng.randint(0, DAYS - 1))
            absences.append(Absence(0, tid, AbsenceKind.LEAVE, start, start + timedelta(days=1)))
        days.append(
            TechnicianDay.build(
                tid,
                rng.sample(SKILLS, rng.randint(1, 3)),
                week,
                SHANGHAI,
                SINCE,
                UNTIL,
                calendar=calendar,
                absences=absences,
                jobs=jobs,
                position=near(rng),
            )
        )
    return days


def visits(n: int, rng: random.Random) -> list[Visit]:
    out = []
    for i in range(n):
        day = rng.randint(0, DAYS - 1)
        start = SINCE + timedelta(days=day, hours=rng.randint(8, 15))
        end = start + timedelta(hours=rng.choice((2, 4, 8)))
        lat, lon = near(rng)
        out.append(
            Visit(
                900_000 + i,
                lat,
                lon,
                rng.choice((30, 60, 90)),
                AppointmentWindow(start, min(end, UNTIL)),
                (rng.choice(SKILLS),),
                arrival_due_at=start + timedelta(hours=3),
            )
        )
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--technicians", type=int, default=1000)
    p.add_argument("--visits", type=int, default=300)
    p.add_argument("--jobs-per-day", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    rng = random.Random(args.seed)
    days = fleet(args.technicians, args.jobs_per_day, rng)
    asked = visits(args.visits, rng)

    started = time.perf_counter()
    board = ScheduleBoard(days, SINCE, UNTIL)
    board.earliest_slots(asked[0], NOW)  # the first question joins the columns
    build_s = time.perf_counter() - started
    pieces = board.piece_count

    ours: list[float] = []
    ours_cpu: list[float] = []  # this thread's CPU time: what a loaded machine does not add
    naive: list[float] = []
    agree = found = 0
    for v in asked:
        c0, t0 = time.thread_time(), time.perf_counter()
        slots = board.earliest_slots(v, NOW)
        t1, c1 = time.perf_counter(), time.thread_time()
        ours_cpu.append(c1 - c0)
        expected = naive_earliest_slots(days, v, NOW)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        naive.append(t2 - t1)
        got = {d.technician_id: slots.slot(d.technician_id) for d in days}
        same = all((None if s is None else s.arrives_at) == expected[t] for t, s in got.items())
        agree += same
        found += sum(s is not None for s in got.values())

    replaced: list[float] = []
    for i in range(50):
        day = days[rng.randrange(len(days))]
        t0 = time.perf_counter()
        board.replace(day)
        board.earliest_slots(asked[i % len(asked)], NOW)
        replaced.append(time.perf_counter() - t0)

    ours_p, naive_p, replace_p = percentiles(ours), percentiles(naive), percentiles(replaced)
    cpu_p = percentiles(ours_cpu)
    jobs = sum(len(d.jobs) for d in days)
    print(
        f"{args.technicians:,} technicians, {jobs:,} jobs over {DAYS} days, {pieces:,} free "
        f"pieces; {args.visits} visits"
    )
    print(
        f"earliest slot, board: p50 {ours_p['p50_ms']:.2f} ms, p95 {ours_p['p95_ms']:.2f} ms; "
        f"naive loop: p50 {naive_p['p50_ms']:.1f} ms, p95 {naive_p['p95_ms']:.1f} ms "
        f"({naive_p['p95_ms'] / ours_p['p95_ms']:.0f}x at p95)"
    )
    print(f"board, CPU time only: p50 {cpu_p['p50_ms']:.2f} ms, p95 {cpu_p['p95_ms']:.2f} ms")
    print(f"same slot for every technician in {agree}/{len(asked)} visits; {found:,} slots found")
    print(
        f"board built in {build_s * 1000:.0f} ms; one technician replaced then a question: "
        f"p50 {replace_p['p50_ms']:.2f} ms, p95 {replace_p['p95_ms']:.2f} ms"
    )
    results: dict[str, Any] = {
        "technicians": args.technicians,
        "jobs": jobs,
        "pieces": pieces,
        "visits": args.visits,
        "board": ours_p,
        "board_cpu": cpu_p,
        "naive": naive_p,
        "agree": agree,
        "slots_found": found,
        "build_ms": round(build_s * 1000, 1),
        "replace_then_ask": replace_p,
    }
    write_json("schedule", results)
    if agree != len(asked):
        raise SystemExit("the board and the naive loop disagree")


if __name__ == "__main__":
    main()
