"""Cold start of the console to an interactive window with the first queue page on screen.

Runs `dispatch-console --screenshot` as a real process (offscreen platform) several times per
database and reports the wall time from process start to the saved screenshot, and the part of
it after the window was created. Databases: the demo data set (seeded on first use) and the
bulk-seeded 2M-ticket databases of the other benchmarks (seeded on first use, see _common.py).
The naive comparison, in the same run: the first page as one query over all open tickets, no
paging, which is what a model without fetchMore would load.

    .venv/bin/python bench/console_start.py [--runs 5] [--database sqlite|postgresql|both]
                                            [--demo-only] [--baseline OTHER_CHECKOUT/src]

With --baseline, the same starts of another checkout's code (e.g. the commit before a change)
are interleaved with ours, so both see the same load; that checkout's app/screenshot.py must
print the CPU time as this one does (patch the one line into an older one). Besides the wall
time, the CPU time the console used up to the screenshot is reported: on a shared, loaded
machine it is the steadier of the two."""

from __future__ import annotations

import compileall
import contextlib
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from math import nan
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from _common import parser, seeded_store, write_json
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services

ROOT = Path(__file__).resolve().parents[1]


BENCH_USER, BENCH_PASSWORD = "bench", "bench-password"


def ensure_user(url: str) -> None:
    """The console signs in as `bench` (DISPATCH_PASSWORD, no dialog); argon2 hashing is part of
    every real start, so it stays in the measurement."""
    from dispatch_console.domain.errors import DuplicateError
    from dispatch_console.storage.store import SqlStore

    store = SqlStore(url)
    admin = Services(store.unit_of_work, store.feed, Actor("bench-setup", "admin"))
    with contextlib.suppress(DuplicateError):  # made by an earlier run
        admin.create_user(BENCH_USER, "Bench", "agent", BENCH_PASSWORD)
    store.close()


def launch(url: str, out: Path, src: Path | None = None) -> tuple[float, ...]:
    """Wall seconds to the saved screenshot, the part after the window was created, the CPU
    seconds the console used in all (to its exit) and up to the screenshot (all its threads),
    and the wall seconds from process start and the CPU up to the queue's first page on screen
    (NaN from a checkout that does not print it); the screenshot also waits for the map.
    On a shared, loaded machine the wall time mostly measures the neighbours; the CPU time to
    the screenshot is what reaching the loaded window itself costs."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DISPATCH_PASSWORD": BENCH_PASSWORD}
    if src is not None:  # another checkout's code (--baseline)
        env["PYTHONPATH"] = str(src)
    env["PYTHONUNBUFFERED"] = "1"  # each line as printed: the queue's line is timed on arrival
    command = [sys.executable, "-m", "dispatch_console.app", "--database", url, "--user", "bench",
               "--screenshot", str(out), "--after", "0"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    queue_wall, lines = nan, list[str]()
    with tempfile.TemporaryFile("w+") as errors:
        console = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env
        )
        assert console.stdout is not None
        for line in console.stdout:
            if line.startswith("queue loaded"):
                queue_wall = time.perf_counter() - started
            lines.append(line)
        if console.wait(timeout=180) != 0:
            errors.seek(0)
            raise RuntimeError(f"the console failed: {''.join(lines)}{errors.read()[-3000:]}")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    stdout = "".join(lines)
    shot = re.search(r"\(([\d.]+) s, CPU ([\d.]+) s\)", stdout)
    assert shot is not None, stdout
    queue = re.search(r"queue loaded \(.* CPU ([\d.]+) s\)", stdout)
    queue_cpu = float(queue.group(1)) if queue else nan
    return wall, float(shot.group(1)), cpu, float(shot.group(2)), queue_wall, queue_cpu


def measure(
    label: str, url: str, runs: int, out: Path, baseline: Path | None = None
) -> dict[str, Any]:
    ensure_user(url)
    # an installed console has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE=1 (as
    # this machine's environment sets) would compile every module of ours on every start
    for src in (ROOT / "src", baseline):
        if src is not None:
            compileall.compile_dir(src, quiet=1)
    launch(url, out)  # warm the OS file cache: agents start the console every morning
    if baseline is not None:
        launch(url, out, baseline)
    ours, theirs = [], []
    for _ in range(runs):  # interleaved: both see the same load on a shared machine
        ours.append(launch(url, out))
        if baseline is not None:
            theirs.append(launch(url, out, baseline))
    result = summarise(label, ours)
    if baseline is not None:
        result["baseline"] = summarise(f"{label}, baseline {baseline}", theirs)
    return result


def summarise(label: str, launches: list[tuple[float, ...]]) -> dict[str, Any]:
    walls, insides, cpus, to_window, to_queue_wall, to_queue = zip(*launches, strict=True)
    result = {
        "wall_median_s": round(statistics.median(walls), 3),
        "wall_min_s": round(min(walls), 3),
        "wall_max_s": round(max(walls), 3),
        "after_window_median_s": round(statistics.median(insides), 3),
        "cpu_median_s": round(statistics.median(cpus), 3),
        "cpu_to_window_median_s": round(statistics.median(to_window), 3),
        "queue_wall_median_s": round(statistics.median(to_queue_wall), 3),
        "queue_wall_min_s": round(min(to_queue_wall), 3),
        "cpu_to_queue_median_s": round(statistics.median(to_queue), 3),
    }
    print(
        f"[{label}] cold start to loaded window: median {result['wall_median_s']:.2f} s "
        f"(min {result['wall_min_s']:.2f}, max {result['wall_max_s']:.2f}), of which "
        f"{result['after_window_median_s']:.2f} s after the window was created; "
        f"CPU to the loaded window {result['cpu_to_window_median_s']:.2f} s "
        f"(to exit {result['cpu_median_s']:.2f} s); the queue's first page "
        f"on screen after {result['queue_wall_median_s']:.2f} s "
        f"(min {result['queue_wall_min_s']:.2f}), "
        f"CPU to it {result['cpu_to_queue_median_s']:.2f} s"
    )
    return result


def queue_load(store: Any) -> dict[str, Any]:
    """Our first page (100 rows, what the model loads) against loading the whole open queue, as
    a model without paging would, in the same run."""
    services = Services(store.unit_of_work, store.feed, Actor("bench"))
    started = time.perf_counter()
    services.search_tickets(TicketQuery(open_only=True, sort="due", limit=100))
    first_page = time.perf_counter() - started
    started, rows, cursor = time.perf_counter(), 0, None
    while True:
        page = services.search_tickets(
            TicketQuery(open_only=True, sort="due", limit=500, cursor=cursor)
        )
        rows += len(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    everything = time.perf_counter() - started
    print(
        f"    first page {first_page * 1000:.1f} ms; whole open queue ({rows:,} rows) "
        f"{everything:.2f} s = {everything / first_page:.0f}x"
    )
    return {
        "first_page_ms": round(first_page * 1000, 1),
        "open_rows": rows,
        "whole_open_queue_s": round(everything, 3),
    }


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--demo-only", action="store_true", help="skip the 2M-ticket databases")
    p.add_argument(
        "--baseline", type=Path, metavar="SRC",
        help="also start another checkout's code (its src/ folder), interleaved with ours",
    )  # fmt: skip
    p.add_argument(
        "--url", action="append", default=[], metavar="URL",
        help="also start on this existing database (a user `bench` is added to it); repeatable",
    )  # fmt: skip
    p.add_argument("--no-demo", action="store_true", help="skip the demo database")
    args = p.parse_args()
    out = ROOT / "bench" / "out" / "console_start.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    demo = ROOT / "bench" / "out" / "demo.sqlite3"
    if not demo.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "dispatch_console.cli.admin",
                "--database",
                f"sqlite:///{demo}",
                "seed",
                "--demo",
            ],
            check=True,
            capture_output=True,
        )
    if not args.no_demo:
        results["demo_sqlite"] = measure(
            "demo, SQLite", f"sqlite:///{demo}", args.runs, out, args.baseline
        )
    for url in args.url:
        label = make_url(url).render_as_string(hide_password=True)
        results[label] = measure(label, url, args.runs, out, args.baseline)
    dialects = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    if args.demo_only:
        dialects = ()
    for dialect in dialects:
        store, _, _ = seeded_store(dialect, args.customers, args.tickets, args.seed)
        url = store.engine.url.render_as_string(hide_password=False)
        label = f"{args.tickets:,} tickets, {dialect}"
        results[dialect] = measure(label, url, args.runs, out, args.baseline)
        results[dialect].update(queue_load(store))
        store.close()
    write_json("console_start", results)


if __name__ == "__main__":
    main()
