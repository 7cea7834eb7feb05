"""How long bulk seeding takes: 1M customers + 2M tickets by default, on SQLite and PostgreSQL.

    .venv/bin/python bench/seed_scale.py [--customers N] [--tickets M] [--database both]

Always seeds afresh (drops bench/out/dispatch_bench_<c>_<t>.sqlite3 or the PostgreSQL database
dispatch_bench_<c>_<t> first); the other benchmarks then reuse what this one left behind.
"""

from __future__ import annotations

import time

from _common import dialects, parser, seeded_store, write_json


def main() -> None:
    args = parser(__doc__ or "").parse_args()
    results = {}
    for dialect in dialects(args.database):
        t0 = time.perf_counter()
        store, summary, _ = seeded_store(
            dialect, args.customers, args.tickets, args.seed, fresh=True
        )
        wall = time.perf_counter() - t0
        store.close()
        results[dialect] = {"wall_s": round(wall, 1), "phases_s": summary["seconds"], **{
            k: summary[k] for k in ("customers", "phones", "sites", "assets", "tickets")
        }}  # fmt: skip
        print(f"[{dialect}] seeded in {wall:.1f} s: {summary['seconds']}")
    name = f"seed_scale_{args.customers}_{args.tickets}"
    write_json(name, {"customers": args.customers, "tickets": args.tickets, "results": results})


if __name__ == "__main__":
    main()
