"""Render what an agent sees while the dispatch server is away: the list of changes kept on
the PC (one waiting, one refused) and a new-ticket form brought back from a kept draft.

    python scripts/render_offline.py --lang zh_CN --out docs   (QT_QPA_PLATFORM=offscreen works)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from dispatch_console.domain.errors import ConflictError
from dispatch_console.rest.pending_writes import Flushed, PendingWrites
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.pending_writes import (
    PendingWritesButton,
    PendingWritesDialog,
    PendingWritesMonitor,
)
from dispatch_console.ui.tasks import TaskRunner
from dispatch_console.ui.tickets.form import TicketForm

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import shoot, wait_until


class Away:
    """A backend whose server does not answer: only the kept changes are there."""

    def __init__(self, pending_writes: PendingWrites) -> None:
        self.pending_writes = pending_writes

    def flush_pending_writes(self) -> Flushed:
        return Flushed(0, 0, len(self.pending_writes.waiting()))

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    app = QApplication([])
    install_translations(app, args.lang)
    pending_writes = PendingWrites(Path(tempfile.mkdtemp()) / "pending_writes.sqlite3")
    zh = args.lang.startswith("zh")
    pending_writes.put(
        "a",
        "add_comment",
        "POST",
        "/tickets/1042/comments",
        {"body": "客户说下午两点后有人在" if zh else "Customer says someone is in after 2 pm"},
    )
    pending_writes.put(
        "b",
        "record_callback",
        "POST",
        "/callbacks/77/outcome",
        {"comment": "打印机还是卡纸" if zh else "Printer still jams", "outcome": "reached"},
    )
    conflict = ConflictError("callback", 77, 3, 4, ["status"], ["li.na"]).to_dict()
    pending_writes.refuse("b", json.dumps(conflict))
    pending_writes.keep_draft("new_ticket", {
        "category": "电梯" if zh else "lift", "contact_name": "王芳" if zh else "Wang Fang",
        "contact_phone": "13812345678", "description": "电梯困人，3 号梯" if zh else
        "Lift stuck with people inside, car 3", "channel": "phone", "priority": "critical",
        "customer": None, "site_id": None, "asset_id": None,
    })  # fmt: skip
    runner = TaskRunner()
    backend: Any = Away(pending_writes)
    monitor = PendingWritesMonitor(backend, pending_writes, runner, app)
    button = PendingWritesButton(monitor)
    monitor.refresh()
    wait_until(lambda: button.isVisible() or bool(monitor.items))
    dialog = PendingWritesDialog(monitor)
    dialog.show()
    dialog.table.selectRow(1)
    shoot(dialog, args.out / f"offline-kept-{args.lang}.png")
    form = TicketForm(backend, runner)
    form.show()
    wait_until(form.restored.isVisible)
    shoot(form, args.out / f"offline-draft-{args.lang}.png")
    runner.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
