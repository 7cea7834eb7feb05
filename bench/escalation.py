"""SLA escalation scan over 100,000 open tickets (target: <= 1 s).

    .venv/bin/python bench/escalation.py [--open 100000] [--database both]

A bulk-seeded database (its own seed, so no other benchmark's copy is touched) is given
`--open` open tickets whose next deadline is spread from 2 h ago to 50 h ahead (every tenth on
hold); the rest are closed. Measured in the same run:
  first      the first scan: every ticket inside the lead times escalates (events written)
  steady     the next scans: the same tickets looked at, nothing new to do (the usual minute)
  query      the index range scan alone (uow.due_tickets)
  naive      every open ticket loaded as a record, its escalation looked up one by one
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from _common import dialects, parser, seeded_store, write_json
from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.escalation import (
    EscalationPolicy,
    Level,
    TicketEscalation,
    escalate,
    next_milestone,
)
from dispatch_console.domain.lifecycle import OPEN_STATES
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

SEED = 11


def open_up(store: SqlStore, n: int, now: datetime) -> None:
    rng = random.Random(SEED)
    with store.unit_of_work() as uow:
        uow.execute("DELETE FROM ticket_escalations")
        uow.execute("UPDATE tickets SET status = 'closed' WHERE id > :n", n=n)
        rows = []
        for ticket_id in range(1, n + 1):
            due = now + timedelta(minutes=rng.uniform(-120, 50 * 60))
            status = "on_hold" if ticket_id % 10 == 0 else rng.choice(("new", "assigned"))
            rows.append({"i": ticket_id, "s": status, "d": due})
        uow.session.execute(
            text(
                "UPDATE tickets SET status = :s, responded_at = NULL, arrived_at = NULL, "
                "response_due_at = :d, next_due_at = :d WHERE id = :i"
            ),
            [{**r, "d": r["d"].replace(tzinfo=None) if store.dialect == "sqlite" else r["d"]}
             for r in rows],
        )  # fmt: skip
        uow.commit()


def naive_scan(store: SqlStore, policy: EscalationPolicy, now: datetime) -> int:
    steps = 0
    with store.unit_of_work(read_only=True) as uow:
        tickets: list[Ticket] = []
        for status in OPEN_STATES:
            tickets += uow.find(Ticket, status=status)
        for t in tickets:
            found = next_milestone(t.response_due_at, t.arrival_due_at, t.resolution_due_at,
                                   t.responded_at, t.arrived_at)  # fmt: skip
            if found is None:
                continue
            held = uow.find_one(TicketEscalation, ticket_id=t.id, milestone=found[0].value)
            level = Level(held.level) if held else Level.NONE
            if escalate(policy, t.id, TicketStatus(t.status), found[0], found[1], level, now):
                steps += 1
    return steps


def main() -> int:
    p = parser(__doc__, customers=20_000, tickets=150_000)
    p.add_argument("--open", type=int, default=100_000)
    args = p.parse_args()
    results = {}
    for dialect in dialects(args.database):
        store, _, _ = seeded_store(dialect, args.customers, args.tickets, SEED, args.fresh)
        now = datetime.now(UTC)
        open_up(store, args.open, now)
        desk = Services(store.unit_of_work, store.feed, Actor("sla-watch", "supervisor"))
        policy = EscalationPolicy()
        t0 = time.perf_counter()
        with store.unit_of_work(read_only=True) as uow:
            candidates = len(uow.due_tickets(now + policy.longest_lead))
        query_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        first = len(desk.escalate_due(policy))
        first_s = time.perf_counter() - t0
        steady = []
        for _ in range(5):
            t0 = time.perf_counter()
            desk.escalate_due(policy)  # a step or two as the clock moves on; usually none
            steady.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        naive_steps = naive_scan(store, policy, datetime.now(UTC))
        naive_s = time.perf_counter() - t0
        results[dialect] = {
            "open_tickets": args.open, "candidates": candidates, "first_steps": first,
            "first_s": round(first_s, 3), "steady_s": round(min(steady), 3),
            "query_s": round(query_s, 3), "naive_s": round(naive_s, 3),
            "naive_steps_left": naive_steps,
        }  # fmt: skip
        print(f"[{dialect}] {args.open:,} open, {candidates:,} near a deadline: first scan "
              f"{first_s:.2f} s ({first:,} steps), steady {min(steady):.3f} s, query alone "
              f"{query_s:.3f} s; naive {naive_s:.2f} s")  # fmt: skip
        store.close()
    write_json("escalation", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
