"""Screen-pop latency: who is calling, among a million customers?

    .venv/bin/python bench/caller_lookup.py [--customers N] [--tickets M] [--database both]
                                            [--samples 2000] [--profile]

For random existing numbers and valid numbers that exist nowhere, measured in the same run:
  service      Services.lookup_caller(number): customers, their open tickets, recent calls
  storage      `with uow: uow.customers_by_phone(number)` (a transaction of its own)
  storage_query  uow.customers_by_phone inside an already open unit of work (the query alone)
  naive_like   SELECT ... WHERE number LIKE '%<last 8 digits>' over customer_phones (fewer samples)
--profile writes a cProfile of lookup_caller to bench/out/caller_lookup_profile_<db>.txt.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import random
import time
from typing import Any

from _common import dialects, parser, percentiles, seeded_store, write_json
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.bulk_rows import ABSENT_MOBILE_PREFIXES
from dispatch_console.storage.store import SqlStore

NAIVE_SQL = (
    "SELECT c.id, c.name FROM customers c JOIN customer_phones p ON p.customer_id = c.id "
    "WHERE p.number LIKE :pattern ORDER BY c.id"
)


def sample_numbers(store: SqlStore, n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    with store.unit_of_work() as uow:
        top = uow.execute("SELECT max(id) FROM customer_phones").scalar_one()
        ids = [rng.randint(1, top) for _ in range(n)]
        existing = [
            uow.execute("SELECT number FROM customer_phones WHERE id = :i", i=i).scalar_one()
            for i in ids
        ]
    absent = [
        f"+86{rng.choice(ABSENT_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}" for _ in range(n)
    ]
    return existing, absent


def measure(fn: Any, numbers: list[str], expect_found: bool | None = None) -> dict[str, float]:
    samples = []
    for number in numbers:
        t0 = time.perf_counter()
        found = fn(number)
        samples.append(time.perf_counter() - t0)
        if expect_found is not None:
            assert bool(found) == expect_found, (number, found)
    return percentiles(samples)


def run(dialect: str, args: Any) -> dict[str, Any]:
    store, _, _ = seeded_store(dialect, args.customers, args.tickets, args.seed, args.fresh)
    rng = random.Random(42)
    existing, absent = sample_numbers(store, args.samples, rng)
    svc = Services(store.unit_of_work, store.feed, Actor("bench", "agent"))

    def service(number: str) -> Any:
        return svc.lookup_caller(number).customers

    def storage(number: str) -> Any:
        with store.unit_of_work(read_only=True) as uow:  # as the service opens it
            return uow.customers_by_phone(number)

    for number in existing[:200] + absent[:200]:  # warm caches and connection pool
        service(number)
    out: dict[str, Any] = {}
    for label, numbers, found in (("existing", existing, True), ("absent", absent, False)):
        out[label] = {
            "service": measure(service, numbers, found),
            "storage": measure(storage, numbers, found),
        }
    # one open unit of work for the bare queries
    with store.unit_of_work(read_only=True) as uow:

        def naive(number: str) -> Any:
            return uow.execute(NAIVE_SQL, pattern="%" + number[-8:]).all()

        for label, numbers, found in (("existing", existing, True), ("absent", absent, False)):
            r = out[label]
            r["storage_query"] = measure(uow.customers_by_phone, numbers, found)
            r["naive_like"] = measure(naive, numbers[: args.naive_samples], found)
    for label in ("existing", "absent"):
        r = out[label]
        for k in ("storage", "storage_query"):
            r[f"ratio_naive_over_{k}_p50"] = round(r["naive_like"]["p50_ms"] / r[k]["p50_ms"], 1)
        print(f"[{dialect}] {label}:")
        for k, v in r.items():
            if isinstance(v, dict):
                print(f"    {k:14s} p50 {v['p50_ms']:9.3f}  p95 {v['p95_ms']:9.3f}  "
                      f"p99 {v['p99_ms']:9.3f} ms  (n={v['n']})")  # fmt: skip
    if args.profile:
        out["profile"] = profile(svc, existing[:500], dialect)
    store.close()
    return out


def profile(svc: Services, numbers: list[str], dialect: str) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for number in numbers:
        svc.lookup_caller(number)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative")
    stats.print_stats(40)
    from _common import OUT

    path = OUT / f"caller_lookup_profile_{dialect}.txt"
    path.write_text(buf.getvalue())
    print(f"profile of {len(numbers)} lookups written to {path}")
    return str(path)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--samples", type=int, default=2_000)
    p.add_argument("--naive-samples", type=int, default=40)
    p.add_argument("--profile", action="store_true")
    args = p.parse_args()
    results = {d: run(d, args) for d in dialects(args.database)}
    write_json(
        f"caller_lookup_{args.customers}",
        {"customers": args.customers, "tickets": args.tickets, "results": results},
    )


if __name__ == "__main__":
    main()
