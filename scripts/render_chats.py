"""Render the chat screens to PNG so they can be looked at: the Chats dock with a customer's chat
open, the ticket form a chat opens, and a ticket whose timeline has chat lines.

    python scripts/render_chats.py --lang zh_CN --out docs
    (seeds a demo database in a temporary folder the first time; QT_QPA_PLATFORM=offscreen works)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.chat.desk import ChatDesk
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import demo_database, settle, shoot, wait_until


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--database", help="a seeded demo database (default: seed one)")
    args = parser.parse_args()
    url = args.database or demo_database("dispatch-render-chats")
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)
    store = SqlStore(url)
    agent = Services(store.unit_of_work, store.feed, Actor("agent1", "agent"))
    window = MainWindow(agent, agent.actor, "demo")
    window.resize(1440, 900)
    window.show()
    window.start()
    desk: ChatDesk = window.chat
    desk.dock.show()
    window.resizeDocks([desk.dock], [520], Qt.Orientation.Vertical)
    panel = desk.panel
    wait_until(lambda: panel.conversations.topLevelItemCount() > 0)
    rows = panel.conversations
    found = (rows.topLevelItem(i) for i in range(rows.topLevelItemCount()))
    printer = next(i for i in found if i is not None and "M404" in i.text(1))
    rows.setCurrentItem(printer)
    wait_until(lambda: panel.pane.view is not None)
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(window, args.out / f"chats-{args.lang}.png")
    form = desk.create_ticket(panel.pane.view)  # type: ignore[arg-type]
    settle(500)
    shoot(form, args.out / f"chat-ticket-{args.lang}.png")
    form.reject()
    linked = next(c for c in agent.list_conversations() if c.ticket_id is not None)
    assert linked.ticket_id is not None
    window.open_ticket(linked.ticket_id)
    wait_until(
        lambda: window.detail.ticket is not None and "chat-" in window.detail.body.toPlainText()
    )
    desk.dock.hide()
    shoot(window, args.out / f"chat-timeline-{args.lang}.png")
    window.runner.wait(5000)
    window.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
