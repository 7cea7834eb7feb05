"""Screen-pop with 1,000,000 customers: from the offer event reaching the console to the pop-up
showing the caller and their open tickets (the CallController's own measurement, the event
recorded in the database meanwhile, as in the console).

Compared in the same run with the naive lookup an integrator might write first: matching the
caller by the last eight digits of every stored number (`LIKE '%12345678'`, a scan), since PBXs
send numbers in whatever form.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/screen_pop.py [--database both]
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from _common import dialects, parser, percentiles, seeded_store, write_json
from dispatch_console.domain.call_events import CallEvent
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.calls.controller import CallController
from dispatch_console.ui.tasks import TaskRunner

CALLS = 200


def wait_for(predicate: Any, timeout_s: float = 30.0) -> None:
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    poll = QTimer(interval=1)
    poll.timeout.connect(lambda: (predicate() or time.monotonic() > deadline) and loop.quit())
    poll.start()
    loop.exec()
    poll.stop()


def numbers(store: Any, rng: random.Random) -> list[str]:
    with store.engine.connect() as conn:
        known = [r[0] for r in conn.execute(text("SELECT number FROM customer_phones LIMIT 5000"))]
    picked = rng.sample(known, int(CALLS * 0.8))
    unknown = [f"+86139{rng.randint(0, 99_999_999):08d}" for _ in range(CALLS - len(picked))]
    mixed = picked + unknown
    rng.shuffle(mixed)
    # as PBXs send them: national format without the country code for most
    return [n[3:] if n.startswith("+86") and rng.random() < 0.7 else n for n in mixed]


def naive(store: Any, sample: list[str]) -> dict[str, float]:
    times = []
    with store.engine.connect() as conn:
        for number in sample:
            started = time.perf_counter()
            conn.execute(
                text(
                    "SELECT c.id, c.name FROM customers c JOIN customer_phones p "
                    "ON p.customer_id = c.id WHERE p.number LIKE :tail"
                ),
                {"tail": "%" + number[-8:]},
            ).all()
            times.append(time.perf_counter() - started)
    return percentiles(times)


def measure(app: QApplication, dialect: str, args: Any) -> dict[str, Any]:
    store, _, _ = seeded_store(dialect, args.customers, args.tickets, args.seed, args.fresh)
    backend = Services(store.unit_of_work, store.feed, Actor("bench", "agent"))
    parent = QWidget()
    runner = TaskRunner(parent)
    calls = CallController(backend, runner, "8001", parent)
    popped: list[float] = []
    calls.popped.connect(popped.append)
    rng = random.Random(5)
    sample = numbers(store, rng)
    for i, number in enumerate(sample):
        seen = len(popped)
        event = CallEvent(
            "offered", f"bench-{dialect}-{i}-{rng.random()}", datetime.now(UTC), "inbound",
            number, "4008001234", "8001",
        )  # fmt: skip
        calls.on_event(event)
        wait_for(lambda seen=seen: len(popped) > seen)
        for popup in list(calls.popups.values()):
            popup.close()
        calls.popups.clear()
    runner.wait(30000)
    ours = percentiles([ms / 1000 for ms in popped])
    slow = naive(store, sample[:20])
    print(
        f"[{dialect}] offer -> pop-up with the caller: p50 {ours['p50_ms']:.1f} ms, "
        f"p95 {ours['p95_ms']:.1f} ms over {ours['n']} calls; naive suffix lookup alone: "
        f"p50 {slow['p50_ms']:.0f} ms"
    )
    store.close()
    return {"ours": ours, "naive_suffix_lookup": slow}


def main() -> None:
    p = parser(__doc__ or "", customers=1_000_000, tickets=500_000)
    args = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication([])
    results = {d: measure(app, d, args) for d in dialects(args.database)}
    write_json("screen_pop", results)


if __name__ == "__main__":
    main()
