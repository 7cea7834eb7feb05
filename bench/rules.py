"""Routing rules: evaluating the whole rule book for a new ticket (target: 500 rules <= 5 ms).

    .venv/bin/python bench/rules.py [--rules 500] [--tickets 3000] [--seed 0]

Measured in the same run:
  compiled   RuleBook(rules).route(facts): sets casefolded once, polygons' bounding boxes first
  naive      the rules as stored, evaluated directly: sorted per ticket, sets casefolded per
             check, every polygon ray-cast (what a first implementation would do)
  compile    building the RuleBook from the rules (done once per change of the rule book)
"""

from __future__ import annotations

import argparse
import math
import random
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from _common import percentiles, write_json
from dispatch_console.domain.enums import Channel, Priority
from dispatch_console.domain.rules.engine import RuleBook, distance_m, inside_polygon, within_hours
from dispatch_console.domain.rules.model import (
    Actions,
    Area,
    Conditions,
    Hours,
    RoutingRule,
    TicketFacts,
)

CENTER = (31.2304, 121.4737)
CATEGORIES = [f"category-{i}" for i in range(60)]
MODELS = [f"model-{i}" for i in range(200)]


def polygon(rng: random.Random, corners: int = 24) -> tuple[tuple[float, float], ...]:
    lat0 = CENTER[0] + rng.uniform(-0.3, 0.3)
    lon0 = CENTER[1] + rng.uniform(-0.3, 0.3)
    r = rng.uniform(0.02, 0.08)
    return tuple(
        (lat0 + r * math.sin(2 * math.pi * k / corners) * rng.uniform(0.7, 1.0),
         lon0 + r * math.cos(2 * math.pi * k / corners) * rng.uniform(0.7, 1.0))
        for k in range(corners)
    )  # fmt: skip


def make_rules(n: int, rng: random.Random) -> list[RoutingRule]:
    rules = []
    for i in range(1, n + 1):
        kw: dict[str, object] = {"categories": frozenset(rng.sample(CATEGORIES, rng.randint(1, 3)))}
        roll = rng.random()
        if roll < 0.4:
            kw["area"] = Area(polygon=polygon(rng))
        elif roll < 0.6:
            kw["area"] = Area(center=(CENTER[0] + rng.uniform(-0.3, 0.3),
                                      CENTER[1] + rng.uniform(-0.3, 0.3)),
                              radius_m=rng.uniform(1000, 8000))  # fmt: skip
        if rng.random() < 0.3:
            kw["channels"] = frozenset(rng.sample(list(Channel), 2))
        if rng.random() < 0.2:
            kw["hours"] = Hours(frozenset(range(5)), clock(8), clock(18))
        if rng.random() < 0.2:
            kw["customer_ids"] = frozenset(rng.sample(range(1, 100_000), 20))
        if rng.random() < 0.2:
            kw["asset_models"] = frozenset(rng.sample(MODELS, 5))
        actions = Actions(department_id=rng.randint(1, 40), required_skills=("x",))
        rules.append(
            RoutingRule(i, f"rule {i}", i, Conditions(**kw), actions, stop=rng.random() < 0.5)  # type: ignore[arg-type]
        )
    return rules


def make_tickets(n: int, rng: random.Random) -> list[TicketFacts]:
    start = datetime(2026, 11, 23, tzinfo=UTC)
    return [
        TicketFacts(
            channel=rng.choice(list(Channel)), category=rng.choice(CATEGORIES).upper(),
            priority=Priority.NORMAL, at=start + timedelta(minutes=rng.randrange(7 * 24 * 60)),
            customer_id=rng.randrange(1, 100_000), asset_model=rng.choice(MODELS),
            lat=CENTER[0] + rng.uniform(-0.35, 0.35), lon=CENTER[1] + rng.uniform(-0.35, 0.35),
        )
        for _ in range(n)
    ]  # fmt: skip


def naive_route(rules: list[RoutingRule], f: TicketFacts) -> list[int]:
    from zoneinfo import ZoneInfo

    local = f.at.astimezone(ZoneInfo("Asia/Shanghai"))
    matched = []
    for r in sorted(rules, key=lambda r: r.position):
        c = r.conditions
        if c.channels and f.channel not in c.channels:
            continue
        if c.categories and f.category.casefold() not in {x.casefold() for x in c.categories}:
            continue
        if c.customer_ids and f.customer_id not in c.customer_ids:
            continue
        if c.asset_models and (f.asset_model or "").casefold() not in {
            x.casefold() for x in c.asset_models
        }:
            continue
        if c.hours is not None and not within_hours(c.hours, local.weekday(), local.time()):
            continue
        if c.area is not None:
            assert f.lat is not None and f.lon is not None
            if c.area.center is not None:
                if distance_m(c.area.center, (f.lat, f.lon)) > c.area.radius_m:
                    continue
            elif not inside_polygon(f.lat, f.lon, c.area.polygon):
                continue
        matched.append(r.id)
        if r.stop:
            break
    return matched


def timed(fn: object, tickets: list[TicketFacts]) -> dict[str, float]:
    samples = []
    for f in tickets:
        t0 = time.perf_counter()
        fn(f)  # type: ignore[operator]
        samples.append(time.perf_counter() - t0)
    return percentiles(samples)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rules", type=int, default=500)
    p.add_argument("--tickets", type=int, default=3000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    rng = random.Random(args.seed)
    rules = make_rules(args.rules, rng)
    tickets = make_tickets(args.tickets, rng)
    t0 = time.perf_counter()
    book = RuleBook(rules)
    compile_ms = (time.perf_counter() - t0) * 1000
    # the same decisions both ways, or the comparison means nothing
    for f in tickets[:300]:
        assert [rid for rid, _ in book.route(f).matched] == naive_route(rules, f)
    compiled = timed(book.route, tickets)
    naive = timed(lambda f: naive_route(rules, f), tickets)
    for r in rules:  # the worst case: no rule stops, every ticket meets all of them
        r.stop = False
    every = RuleBook(rules)
    worst = timed(every.route, tickets)
    worst_naive = timed(lambda f: naive_route(rules, f), tickets)
    matched = sum(bool(book.route(f).matched) for f in tickets) / len(tickets)
    print(f"{args.rules} rules, {args.tickets} tickets ({matched:.0%} matched by some rule)")
    print(f"  compiled  p50 {compiled['p50_ms']:.3f} ms  p95 {compiled['p95_ms']:.3f} ms")
    print(f"  naive     p50 {naive['p50_ms']:.3f} ms  p95 {naive['p95_ms']:.3f} ms")
    print(f"  no stops  p50 {worst['p50_ms']:.3f} ms  p95 {worst['p95_ms']:.3f} ms"
          f"  (naive p95 {worst_naive['p95_ms']:.3f} ms)")  # fmt: skip
    print(f"  compile   {compile_ms:.1f} ms once")
    write_json("rules", {
        "rules": args.rules, "tickets": args.tickets, "matched_share": matched,
        "compiled": compiled, "naive": naive, "no_stops": worst, "no_stops_naive": worst_naive,
        "compile_ms": compile_ms,
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
