"""Ticket queue latency over millions of tickets: the first page of each sort and main filter,
a deep page by keyset cursor, and the naive alternatives (OFFSET, LIKE '%text%') in the same run.

    .venv/bin/python bench/ticket_queue.py [--customers N] [--tickets M] [--database both]
                                           [--repeat 7] [--depth 100000]

Each case runs `uow.search_tickets` (what the queue calls, names joined in) in a unit of work of
its own, `--repeat` times; the median and the best are reported in milliseconds.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime
from typing import Any

from _common import dialects, parser, seeded_store, write_json
from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.escalation import Level, TicketEscalation, next_milestone
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import TicketQuery
from dispatch_console.storage.queries import encode_cursor
from dispatch_console.storage.schema import OPEN_PREDICATE
from dispatch_console.storage.store import SqlStore

TARGET_MS = 100.0
SELECT = (
    "SELECT t.*, c.name, s.name, te.name, d.name FROM tickets t "
    "LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN sites s ON s.id = t.site_id "
    "LEFT JOIN technicians te ON te.id = t.assignee_id "
    "LEFT JOIN departments d ON d.id = t.department_id "
)
NAIVE_OFFSET = {
    "newest": SELECT + "ORDER BY t.id DESC LIMIT 100 OFFSET :offset",
    "due": SELECT + "ORDER BY t.resolution_due_at, t.id LIMIT 100 OFFSET :offset",
}
NAIVE_LIKE = SELECT + "WHERE c.name LIKE :pattern ORDER BY t.id DESC LIMIT 100"


def clock(fn: Any, repeat: int) -> dict[str, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    rows = len(result.items) if hasattr(result, "items") else len(result)
    return {
        "median_ms": round(statistics.median(times), 2),
        "best_ms": round(min(times), 2),
        "rows": rows,
    }


def fixtures(store: SqlStore, depth: int) -> dict[str, Any]:
    """Real values to search for: a ticket, its phone, a name prefix, a department, cursors."""
    with store.unit_of_work() as uow:
        x = uow.execute
        mid = x("SELECT max(id) FROM tickets").scalar_one() // 2
        ticket = x("SELECT id, contact_phone, customer_id FROM tickets WHERE id = :i", i=mid).one()
        name = x("SELECT name FROM customers WHERE id = :i", i=ticket.customer_id).scalar_one()
        dept = x("SELECT department_id FROM tickets WHERE id = :i", i=mid).scalar_one()
        top = x("SELECT max(id) FROM tickets").scalar_one()
        due_row = x(
            "SELECT resolution_due_at, id FROM tickets ORDER BY resolution_due_at, id "
            "LIMIT 1 OFFSET :o",
            o=depth - 1,
        ).one()
    due_at = due_row[0]
    if isinstance(due_at, str):  # SQLite hands back text from raw SQL
        due_at = datetime.fromisoformat(due_at)
    due_at = due_at.replace(tzinfo=UTC) if due_at.tzinfo is None else due_at.astimezone(UTC)
    return {
        "number": Ticket.number_of(mid),
        "phone": ticket.contact_phone,
        "name": name,
        "department_id": dept,
        "newest_cursor": encode_cursor([top - depth + 1]),
        "due_cursor": encode_cursor([due_at, due_row[1]]),
    }


def escalate_some(store: SqlStore, every: int, now: datetime) -> int:
    """What the SLA scan would have written: one escalation row, at the milestone each ticket
    works toward, for every `every`-th open ticket (the queue's flag and its filter read them)."""
    with store.unit_of_work() as uow:
        uow.execute("DELETE FROM ticket_escalations")
        rows = uow.execute(
            "SELECT id, response_due_at, arrival_due_at, resolution_due_at, responded_at, "
            f"arrived_at FROM tickets WHERE {OPEN_PREDICATE} AND id % :n = 0",
            n=every,
        ).all()
        written = 0
        for r in rows:
            found = next_milestone(*(_aware(v) for v in r[1:]))
            if found is None:
                continue
            # through the mapping, as the scan writes them: SQLite compares the stored text
            uow.add(TicketEscalation(0, r[0], found[0], int(Level.SUPERVISOR), found[1], now))
            written += 1
        uow.commit()
    return written


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def cases(f: dict[str, Any], now: datetime) -> dict[str, TicketQuery]:
    q = TicketQuery
    return {
        "sort newest": q(sort="newest"),
        "sort due": q(sort="due"),
        "sort priority": q(sort="priority"),
        "open only, newest": q(open_only=True),
        "open only, due": q(open_only=True, sort="due"),
        "open only, priority": q(open_only=True, sort="priority"),
        "unassigned, newest": q(unassigned=True),
        "unassigned open, priority": q(unassigned=True, open_only=True, sort="priority"),
        "status on_hold, newest": q(statuses=[TicketStatus.ON_HOLD]),
        "status new, due": q(statuses=[TicketStatus.NEW], sort="due"),
        "status resolved, priority": q(statuses=[TicketStatus.RESOLVED], sort="priority"),
        "department, newest": q(department_id=f["department_id"]),
        "department open, due": q(department_id=f["department_id"], open_only=True, sort="due"),
        "breaching SLA, due": q(breaching_before=now, sort="due"),
        "breaching SLA, priority": q(breaching_before=now, sort="priority"),
        "escalated, due": q(escalated=True, open_only=True, sort="due"),
        "text: ticket number": q(text=f["number"]),
        "text: phone": q(text=f["phone"]),
        "text: name prefix (2 chars)": q(text=f["name"][:2]),
        "text: name prefix (1 char)": q(text=f["name"][:1]),
        "text: full name": q(text=f["name"]),
        "deep page by cursor, newest": q(cursor=f["newest_cursor"]),
        "deep page by cursor, due": q(sort="due", cursor=f["due_cursor"]),
    }


def run(dialect: str, args: Any) -> dict[str, Any]:
    store, _, _ = seeded_store(dialect, args.customers, args.tickets, args.seed, args.fresh)
    now = datetime.now(UTC)
    f = fixtures(store, args.depth)
    f["escalated"] = escalate_some(store, 20, now)
    print(f"[{dialect}] {f['escalated']} open tickets escalated (every 20th)")
    results: dict[str, Any] = {}

    def search(query: TicketQuery) -> Any:
        with store.unit_of_work() as uow:
            return uow.search_tickets(query, now)

    def raw(sql: str, **params: Any) -> Any:
        with store.unit_of_work() as uow:
            return uow.execute(sql, **params).all()

    search(TicketQuery())  # warm the pool and the statement cache
    for name, query in cases(f, now).items():
        results[name] = r = clock(lambda query=query: search(query), args.repeat)
        flag = "" if r["median_ms"] < TARGET_MS else "  <-- over target"
        print(f"[{dialect}] {name:32s} {r['median_ms']:9.2f} ms (best {r['best_ms']:.2f}, "
              f"{r['rows']} rows){flag}")  # fmt: skip
    naive = {
        "naive OFFSET deep page, newest": (NAIVE_OFFSET["newest"], {"offset": args.depth}),
        "naive OFFSET deep page, due": (NAIVE_OFFSET["due"], {"offset": args.depth}),
        "naive LIKE name (2 chars)": (NAIVE_LIKE, {"pattern": f"%{f['name'][:2]}%"}),
        "naive LIKE full name": (NAIVE_LIKE, {"pattern": f"%{f['name']}%"}),
    }
    for name, (sql, params) in naive.items():
        results[name] = r = clock(lambda sql=sql, params=params: raw(sql, **params), args.repeat)
        print(f"[{dialect}] {name:32s} {r['median_ms']:9.2f} ms (best {r['best_ms']:.2f}, "
              f"{r['rows']} rows)")  # fmt: skip
    ratios = {
        "offset/cursor newest": _ratio(results, "naive OFFSET deep page, newest",
                                       "deep page by cursor, newest"),
        "offset/cursor due": _ratio(results, "naive OFFSET deep page, due",
                                    "deep page by cursor, due"),
        "like/prefix (2 chars)": _ratio(results, "naive LIKE name (2 chars)",
                                        "text: name prefix (2 chars)"),
        "like/prefix (full name)": _ratio(results, "naive LIKE full name", "text: full name"),
    }  # fmt: skip
    print(f"[{dialect}] ratios (naive / ours, medians): {ratios}")
    store.close()
    return {"depth": args.depth, "fixtures": f, "cases": results, "ratios": ratios}


def _ratio(results: dict[str, Any], slow: str, fast: str) -> float:
    return round(results[slow]["median_ms"] / max(results[fast]["median_ms"], 0.001), 1)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--depth", type=int, default=100_000, help="rows skipped by the deep page")
    args = p.parse_args()
    results = {d: run(d, args) for d in dialects(args.database)}
    write_json(
        f"ticket_queue_{args.tickets}",
        {"customers": args.customers, "tickets": args.tickets, "results": results},
    )


if __name__ == "__main__":
    main()
