"""`--demo`: a seeded Shanghai demo database, and the simulator that keeps it alive."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from ..config.model import user_data_dir
from ..ports import Actor
from ..services import Services
from ..storage.store import SqlStore

DEMO_USER, DEMO_PASSWORD = "agent1", "demo1234"
DEMO_TICK_MS = 3000
log = logging.getLogger(__name__)


def demo_database() -> str:
    """The demo database in the user's data folder, made on first use from the shipped
    snapshot moved to the present (about a second; seed/snapshot.py). Should the snapshot be
    missing or unreadable, the seeder builds it instead (half a minute)."""
    path = user_data_dir() / "demo.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        tmp = path.with_suffix(".seeding.sqlite3")
        tmp.unlink(missing_ok=True)
        try:
            _from_snapshot(tmp)
        except Exception:  # a damaged install: the seeder still gives a demo, just slower
            log.exception("the demo snapshot could not be used; seeding instead")
            tmp.unlink(missing_ok=True)
            _seed(tmp)
        tmp.replace(path)  # only a complete demo database ever takes the real name
    return url


def _from_snapshot(target: Path) -> None:
    from ..seed.snapshot import restore_demo

    done = restore_demo(f"sqlite:///{target}")
    log.info(
        "demo database made from the snapshot in %.2f s (moved %s forward)",
        done.seconds,
        done.shifted_by,
    )


def _seed(target: Path) -> None:
    from ..cli.admin import main as admin

    print("Preparing the demo data set (first start only, about half a minute) ...", flush=True)
    code = admin(
        ["--database", f"sqlite:///{target}", "seed", "--demo", "--password", DEMO_PASSWORD]
    )
    if code != 0:
        raise SystemExit(code)


def simulate_activity(window: Any, store: SqlStore) -> None:
    """The demo lives: every few seconds the simulator does some work as other people would,
    and the demo gateway delivers what that queued for customers."""
    from PySide6.QtCore import QTimer

    from ..domain.notifications import NotifyChannel
    from ..notify.worker import NotificationWorker
    from ..seed.gateway import DemoGateway
    from ..seed.live import DemoActivity

    # on the desk's clock: the texts the demo sends tell the window's times
    services = Services(
        store.unit_of_work, store.feed, Actor("simulator", "admin"),
        desk=window.settings.desk_zone(),
    )  # fmt: skip
    activity = DemoActivity(services)
    gateway = DemoGateway()  # the customers' messages of the live demo are delivered too
    sender = NotificationWorker(services, dict.fromkeys(NotifyChannel, gateway))

    def tick() -> None:
        activity.tick()
        sender.run_once()

    timer = QTimer(window)
    timer.setInterval(DEMO_TICK_MS)
    timer.timeout.connect(lambda: window.runner.run(tick, lambda _done: None, receiver=window))
    timer.start()


def simulate_calls(window: Any, backend: Services, extension: str | None) -> None:
    """Now and then a customer with an open ticket calls the demo agent: a screen-pop."""
    from PySide6.QtCore import QTimer

    from ..ports import TicketQuery
    from ..telephony.simulator import CallSimulator

    rows = backend.search_tickets(TicketQuery(open_only=True, limit=100)).items
    numbers = sorted({r.ticket.contact_phone for r in rows if r.ticket.contact_phone})
    simulator = CallSimulator(numbers, extension, chance=0.08)
    timer = QTimer(window)
    timer.setInterval(DEMO_TICK_MS)
    timer.timeout.connect(lambda: [window.calls.on_event(e) for e in simulator.step()])
    timer.start()


def demo_path() -> Path:
    return user_data_dir() / "demo.sqlite3"


def prepare_without_gui() -> int:
    """`DISPATCH_DEMO_NO_GUI=1 scripts/demo.sh`: the very database `--demo` opens (in the user's
    data folder), prepared as the first `--demo` start would, then summarised. Nothing is written
    into the checkout."""
    path = demo_path()
    if path.exists():
        from ..cli.seed import _summary
        from ..storage.store import SqlStore

        print(f"The demo data set was prepared before; reusing it (delete {path} to start over).")
        store = SqlStore(demo_database())
        try:
            _summary(store)
        finally:
            store.close()
    else:
        demo_database()
    print(f"\nDemo database: {path}")
    print(
        f"Sign in as {DEMO_USER} / {DEMO_PASSWORD}; `dispatch-console --demo` opens this database."
    )
    return 0


if __name__ == "__main__":
    sys.exit(prepare_without_gui())
