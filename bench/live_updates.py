"""Live updates at scale: N headless consoles keeping their queue current while W writers make
~10 ticket changes a second, on PostgreSQL, directly and through one dispatch-server; the old
way (re-run the queue search after a 250 ms debounce) beside the new (QueueView patched from
the changed tickets' rows) in the same run.

    python bench/live_updates.py                       # 10 consoles, 20k tickets, ~3 minutes
    python bench/live_updates.py --consoles 10,50,200 --duration 60
    python bench/live_updates.py --tickets 500000 --customers 250000 --reuse

Per mode, number of consoles and way it reports: writes achieved and the writers' p95, commit
-> each console's list showing the change (p50/p95: the ticket's updated_at, set in the writing
transaction, against the moment the console's list first held that version, or first lacked a
ticket that left it), the share of consoles whose list equals a fresh search once the writers
stop, CPU (server, the bench database's PostgreSQL backends, the client processes, the whole
machine), connections held, and the database's growth (size and request_keys rows).

Direct consoles each hold their own pool (the console's CONSOLE_POOL) and LISTEN connection: the
script measures how many connections a console holds and runs only as many as PostgreSQL's free
connections allow for what that way holds by design.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import threading
from dataclasses import astuple
from typing import Any

from _common import percentiles, write_json
from _live_clients import SETTLE_S, client_main
from _live_consoles import Change
from _live_probe import Monitor, database_url, prepare, sessions, start_server, with_app
from _live_writers import Writers
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

WAYS = ("old", "new")
WRITER_POOL = 15  # connections the writers' shared SqlStore may open (SQLAlchemy's 5 + 10)
# what a direct console holds by design while it follows the desk: old, the feed's LISTEN
# connection and a search on each runner thread (the pool's bound: 1 kept + 3 for a burst);
# new_fetch, the LISTEN one and a row read through the pool; new, the LISTEN one alone (the rows
# come on it; a search only for a row it cannot place). The runs report what they actually held.
MOST_PER_CONSOLE = {"old": 5, "new": 1, "new_fetch": 2}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--consoles", default="10", help="comma-separated, e.g. 10,50,200")
    p.add_argument("--modes", default="direct,server", help="direct, server or both")
    p.add_argument("--ways", default="old,new", help="old, new, new_fetch")
    p.add_argument("--writers", type=int, default=20)
    p.add_argument("--rate", type=float, default=10.0, help="writes per second, all writers")
    p.add_argument("--duration", type=float, default=30.0, help="seconds of writing per run")
    p.add_argument("--tickets", type=int, default=20_000)
    p.add_argument("--customers", type=int, default=0, help="default: tickets / 2")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--reuse", action="store_true", help="reuse a database seeded the same way")
    p.add_argument("--clients", type=int, default=2, help="client processes through the server")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="the server's worker processes (default: its own, one per core)",
    )
    p.add_argument(
        "--client-nice",
        type=int,
        default=0,
        help="niceness of the client processes: the consoles of a real desk run on their own "
        "PCs; niced, they take only the CPU the server, PostgreSQL and the writers leave",
    )
    p.add_argument(
        "--warmup",
        type=float,
        default=0.0,
        help="seconds of writing before the writers are timed: a fresh server process compiles "
        "each kind of write's SQL once (100-400 ms); a desk's server has been up for days",
    )
    p.add_argument(
        "--probes",
        type=int,
        default=0,
        help="of the consoles, this many run in a client process of their own, not niced: what a "
        "console on its own PC sees, apart from the harness's crowded client processes",
    )
    p.add_argument("--out", default="live_updates", help="name of the JSON file in bench/out")
    args = p.parse_args()
    counts = [int(n) for n in args.consoles.split(",")]
    modes = args.modes.split(",")
    customers = args.customers or max(args.tickets // 2, 1000)
    url = database_url(args.tickets, args.seed)
    dbname = url.rsplit("/", 1)[1]
    assert "bench_live" in dbname, dbname
    seeded = prepare(url, customers, args.tickets, args.seed, args.reuse)
    agents, bosses = sessions(url, max(counts), args.writers)
    monitor = Monitor(dbname)
    harness = SqlStore(with_app(url, "bench_live_harness"))
    reader = Services(harness.unit_of_work, harness.feed, Actor("bench", "admin"))
    runs: list[dict[str, Any]] = []
    try:
        for mode in modes:
            server, base = start_server(url, args.workers) if mode == "server" else (None, "")
            if server is not None:  # its first SLA scan of a seeded backlog writes for a while
                print(f"server up; waited {monitor.wait_idle(server.pid, 600)} s for it to settle")
            writers_store = SqlStore(with_app(url, "bench_live_writers"))
            if mode == "server":
                backends: list[Any] = [RestBackend(base, t, Actor("boss", "admin")) for t in bosses]
            else:
                backends = [Services(writers_store.unit_of_work, writers_store.feed,
                                     Actor("boss", "admin")) for _ in bosses]  # fmt: skip
            try:
                for n in counts:
                    for way in args.ways.split(","):
                        ran = n
                        if mode == "direct":
                            most = MOST_PER_CONSOLE[way]
                            fit = int((monitor.room(margin=20) - WRITER_POOL) // most)
                            ran = max(1, min(n, fit))
                        spec = {"mode": mode, "way": way, "url": url, "base": base,
                                "tokens": agents}  # fmt: skip
                        run = phase(spec, ran, args, backends, reader, monitor, server)
                        run.update(requested=n, mode=mode, way=way)
                        # the consoles are gone; what they asked for may still be running
                        run["drain_s"] = monitor.wait_idle(server.pid if server else None)
                        if "error" not in run:  # what the drained requests stored counts too
                            grown(run, monitor.database())
                        runs.append(run)
                        print(summary_line(run), flush=True)
            finally:
                for b in backends:
                    if hasattr(b, "close"):
                        b.close()
                writers_store.close()
                if server is not None:
                    server.terminate()
                    server.wait(20)
    finally:
        harness.close()
        monitor.close()
    print(markdown(runs))
    write_json(args.out, {
        "database": dbname, "tickets": seeded.get("tickets"), "customers": seeded.get("customers"),
        "writers": args.writers, "rate": args.rate, "duration_s": args.duration, "runs": runs,
        "client_nice": args.client_nice, "probes": args.probes, "warmup_s": args.warmup,
    })  # fmt: skip
    return 0


def phase(spec: dict[str, Any], n: int, args: Any, backends: list[Any], reader: Any,
          monitor: Monitor, server: Any) -> dict[str, Any]:  # fmt: skip
    """One run: n consoles of one way, the writers for `args.duration` seconds."""
    before = monitor.database()
    spec["after"] = reader.last_event_id()
    probes = min(args.probes, n - 1) if spec["mode"] == "server" else 0
    crowd = list(range(probes, n))
    procs = 1 if spec["mode"] == "direct" else max(1, min(args.clients, len(crowd)))
    shares = [(crowd[k::procs], args.client_nice, False) for k in range(procs)]
    if probes:  # the probe's consoles count in n: the server serves n sockets either way
        shares.append((list(range(probes)), 0, True))
    ctx = multiprocessing.get_context("spawn")
    clients = []
    for ids, nice, probe in shares:
        inbox_r, inbox_w = ctx.Pipe(duplex=False)
        outbox_r, outbox_w = ctx.Pipe(duplex=False)
        part = {**spec, "consoles": ids, "nice": nice, "probe": probe}
        proc = ctx.Process(target=client_main, args=(part, inbox_r, outbox_w), daemon=True)
        proc.start()
        clients.append((proc, inbox_w, outbox_r))
    try:
        for _, _, outbox in clients:
            kind, value = outbox.recv()
            if kind != "ready":
                return {"consoles": n, "error": value}
        lock = threading.Lock()

        def sink(change: Change) -> None:
            with lock:
                for _, inbox, _ in clients:
                    inbox.send(("change", astuple(change)))

        writers = Writers(backends, reader, args.rate, sink)
        groups = {"clients": [int(proc.pid or 0) for proc, _, _ in clients]}
        if server is not None:
            groups["server"] = [server.pid]
        if args.warmup:  # the server's first writes fill its SQL caches: not the steady state
            writers.run(args.warmup)
            writers.reset()
        monitor.start(groups)
        wall = writers.run(args.duration)
        usage = monitor.stop()
        final = reader.last_event_id()
        for _, inbox, _ in clients:
            inbox.send(("stop", final))
        parts = []
        for _, _, outbox in clients:
            if not outbox.poll(SETTLE_S + 300):
                return {"consoles": n, "error": "a client process did not answer"}
            kind, value = outbox.recv()
            if kind != "result":
                return {"consoles": n, "error": value}
            parts.append(value)
        for part, (_, _, probe) in zip(parts, shares, strict=True):
            part["probe"] = probe
    finally:
        for proc, _, _ in clients:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
    after = monitor.database()
    return aggregate(n, wall, writers, parts, usage, before, after)


def aggregate(n: int, wall: float, writers: Writers, parts: list[dict[str, Any]],
              usage: dict[str, Any], before: dict[str, int], after: dict[str, int]
              ) -> dict[str, Any]:  # fmt: skip
    consoles = [c for p in parts for c in p["consoles"]]
    latencies = [x for c in consoles for x in c["latencies"]]
    # a change never shown counts with the time it had waited by the end: a lower bound
    censored = latencies + [x for c in consoles for x in c["missed_ages"]]
    equal = [e for p in parts for e in p["equal"]]
    conns = usage["connections_peak"]
    probed = [x for p in parts if p.get("probe") for c in p["consoles"]
              for x in c["latencies"] + c["missed_ages"]]  # fmt: skip
    return {
        "consoles": n,
        "writes_per_s": round(len(writers.latencies) / wall, 2),
        "writes": dict(writers.kinds),
        "write_failures": dict(writers.failed),
        "write_failure_examples": dict(writers.examples),
        "writer_latency": percentiles(writers.latencies) if writers.latencies else None,
        # when the slowest writes started (seconds into the run): together, or spread out?
        "slowest_writes": slowest(writers.timeline),
        "refresh_latency": percentiles(censored) if censored else None,
        "refresh_latency_shown_only": percentiles(latencies) if latencies else None,
        # the consoles in the un-niced probe process: the server's delivery plus one console's
        # patch, without the wait for a CPU that 200 consoles on two shared cores add
        "refresh_latency_probe": percentiles(probed) if probed else None,
        "refreshes_seen": len(latencies),
        "missed_at_end": sum(c["missed"] for c in consoles),
        "not_on_the_list": sum(c["skipped"] for c in consoles),
        "equal_fraction": round(sum(equal) / len(equal), 3) if equal else None,
        "unequal_examples": [u for p in parts for u in p["unequal"]][:5],
        "all_settled": all(p["settled"] for p in parts),
        "searches_per_s": round(sum(c["searches"] for c in consoles) / wall, 1),
        "row_fetches_per_s": round(sum(c["row_fetches"] for c in consoles) / wall, 1),
        "undecidable": sum(c["undecidable"] for c in consoles),
        "reconnects": sum(p["reconnects"] for p in parts),
        "console_errors": sum(c["errors"] for c in consoles),
        "last_error": next((p["last_error"] for p in parts if p["last_error"]), None),
        **usage,
        "connections_per_console": round(conns.get("consoles", 0) / n, 2) if n else None,
        "client_cpu_cores": round(sum(p["cpu_s"] for p in parts) / wall, 2),
        "client_loop_lag_p95_ms": max(
            (p["loop_lag_p95_ms"] or 0) for p in parts if not p.get("probe")
        ),
        "probe_loop_lag_p95_ms": next(
            (p["loop_lag_p95_ms"] for p in parts if p.get("probe")), None
        ),
        "client_thread_wait_p95_ms": max((p["thread_wait_p95_ms"] or 0) for p in parts),
        "database_before": before,
        "database_after": after,
        "database_growth_mb": round((after["bytes"] - before["bytes"]) / 2**20, 1),
        "request_keys_added": after["request_keys"] - before["request_keys"],
    }


def slowest(timeline: list[tuple[float, float, str]], n: int = 15) -> list[list[Any]]:
    if not timeline:
        return []
    start = min(t for t, _, _ in timeline)
    worst = sorted(timeline, key=lambda w: -w[1])[:n]
    return [[round(t - start, 2), round(s * 1000), kind] for t, s, kind in sorted(worst)]


def grown(run: dict[str, Any], after: dict[str, int]) -> None:
    before = run["database_before"]
    run["database_after"] = after
    run["database_growth_mb"] = round((after["bytes"] - before["bytes"]) / 2**20, 1)
    run["request_keys_added"] = after["request_keys"] - before["request_keys"]


def summary_line(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"{r['mode']} {r['way']} {r['consoles']}: ERROR {r['error']}"
    w, f = r["writer_latency"] or {}, r["refresh_latency"] or {}
    probe = r.get("refresh_latency_probe")
    probed = f" (probe p50 {probe['p50_ms']} p95 {probe['p95_ms']} ms)" if probe else ""
    return (f"{r['mode']:6} {r['way']:12} {r['consoles']:4} consoles: "
            f"{r['writes_per_s']}/s p95 {w.get('p95_ms')} ms; refreshed p50 {f.get('p50_ms')} "
            f"p95 {f.get('p95_ms')} ms{probed}; equal {r['equal_fraction']}; cpu {r['cpu_cores']}; "
            f"conns {r['connections_peak'].get('total')}; +{r['database_growth_mb']} MB, "
            f"+{r['request_keys_added']} keys")  # fmt: skip


def markdown(runs: list[dict[str, Any]]) -> str:
    head = (
        "| mode | way | consoles | writes/s | writer p95 | refreshed p50 / p95 | missed | "
        "un-niced probe p50 / p95 | lists equal | server CPU | PG CPU | clients CPU | "
        "connections | DB growth | request_keys |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for r in runs:
        if "error" in r:
            lines.append(f"| {r['mode']} | {r['way']} | {r['consoles']} | error: {r['error']} |")
            continue
        w, f, cpu = r["writer_latency"] or {}, r["refresh_latency"] or {}, r["cpu_cores"]
        at_least = "≥ " if r["missed_at_end"] else ""
        ran = f"{r['consoles']}" + (f" (of {r['requested']})" if r["requested"] != r["consoles"]
                                    else "")  # fmt: skip
        lines.append(
            f"| {r['mode']} | {r['way']} | {ran} | {r['writes_per_s']} | "
            f"{_s(w.get('p95_ms'))} | {at_least}{_s(f.get('p50_ms'))} / "
            f"{at_least}{_s(f.get('p95_ms'))} | "
            f"{r['missed_at_end']} | {_probe(r.get('refresh_latency_probe'))} | "
            f"{round(100 * (r['equal_fraction'] or 0))} % | "
            f"{cpu.get('server', '–')} | {cpu.get('postgres')} | {cpu.get('clients')} | "
            f"{r['connections_peak'].get('total')} | {r['database_growth_mb']} MB | "
            f"+{r['request_keys_added']} |"
        )
    return "\n".join(lines)


def _probe(p: dict[str, float] | None) -> str:
    return "–" if not p else f"{_s(p['p50_ms'])} / {_s(p['p95_ms'])}"


def _s(ms: float | None) -> str:
    return "–" if ms is None else (f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
