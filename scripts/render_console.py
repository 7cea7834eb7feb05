"""Render the console a supervisor sees on the demo data, after one SLA scan (as dispatch-server
runs every minute), with the queue on "Escalated": the flags in the SLA column and the notices.

    python scripts/render_console.py --lang zh_CN --out docs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import demo_database, shoot, wait_until


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    url = demo_database("dispatch-render-console")
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)
    store = SqlStore(url)
    sue = Services(store.unit_of_work, store.feed, Actor("supervisor1", "supervisor"))
    sue.as_actor(Actor("sla-watch", "supervisor")).escalate_due()
    window = MainWindow(sue, sue.actor, "demo")
    window.resize(1440, 860)
    window.show()
    window.start()
    wait_until(lambda: window.model.rowCount() > 0)
    escalated = window.findChild(QPushButton, "quick_escalated")
    assert escalated is not None
    before = window.model.rowCount()
    escalated.click()
    wait_until(lambda: window.model.rowCount() != before)
    wait_until(lambda: window.detail.ticket is not None)
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(window, args.out / f"console-{args.lang}.png")
    window.runner.wait(5000)
    window.shutdown()
    store.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
