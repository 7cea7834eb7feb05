"""Render the callback screens to PNG so they can be looked at: the agents' callbacks panel with a
callback in hand, the supervisors' review, and the dashboard.

    python scripts/render_callbacks.py --lang zh_CN --out docs
    (seeds a demo database in a temporary folder the first time; QT_QPA_PLATFORM=offscreen works)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from dispatch_console.cli.admin import main as admin
from dispatch_console.domain.enums import CallbackOutcome
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.callbacks.panel import CallbacksPanel
from dispatch_console.ui.callbacks.review import ReviewDialog
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.tasks import TaskRunner


def wait_until(condition: object, timeout_ms: int = 10000) -> None:
    loop = QEventLoop()
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: condition() and loop.quit())  # type: ignore[operator]
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def demo_database(name: str) -> str:
    """A seeded demo database in the temporary folder (seeded the first time; rm it to redo)."""
    path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        admin(["--database", url, "seed", "--demo", "--password", "demo1234"])
    return url


def shoot(widget: QWidget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(f"saved {path}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--database", help="a seeded demo database (default: seed one)")
    args = parser.parse_args()
    url = args.database or demo_database("dispatch-render-demo")
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)
    store = SqlStore(url)
    agent = Services(store.unit_of_work, store.feed, Actor("agent1", "agent"))
    supervisor = agent.as_actor(Actor("supervisor1", "supervisor"))
    runner = TaskRunner()

    panel = CallbacksPanel(agent, runner, "agent1", lambda _n, _t: None)
    panel.resize(1280, 560)
    panel.show()
    panel.reload()
    wait_until(lambda: panel.queue.table.rowCount() > 0)
    resolved = (
        next((r for r in panel.queue.rows if r.callback.reason.value == "resolved"), None)
        or panel.queue.next_for_me()
    )
    if resolved is not None:
        panel.take(resolved)
        wait_until(lambda: panel.work.row is not None)
        wait_until(lambda: bool(panel.work.history.toPlainText()))
        panel.work.outcome_buttons[CallbackOutcome.REACHED].setChecked(True)
        panel.work.score_buttons[3].setChecked(True)
        panel.work.fixed_yes.setChecked(True)
        panel.work.comment.setPlainText(
            "师傅很准时，问题已解决" if args.lang.startswith("zh") else "On time, all working now"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(panel, args.out / f"callbacks-{args.lang}.png")
    if resolved is not None:
        panel.release(resolved)

    dialog = ReviewDialog(supervisor, runner, "Asia/Shanghai")
    dialog.resize(1280, 720)
    dialog.show()
    today = datetime.now(UTC).date()
    start = today - timedelta(days=44)
    dialog.since.setDate(QDate(start.year, start.month, start.day))
    dialog.start()
    wait_until(lambda: dialog.table.rowCount() > 0 and dialog.stats is not None)
    shoot(dialog, args.out / f"callback-review-{args.lang}.png")
    dialog.tabs.setCurrentIndex(1)
    shoot(dialog, args.out / f"callback-dashboard-{args.lang}.png")
    dialog.tabs.setCurrentIndex(2)
    wait_until(lambda: len(dialog.rules.rows) > 0)
    shoot(dialog, args.out / f"callback-rules-{args.lang}.png")
    runner.wait(5000)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
