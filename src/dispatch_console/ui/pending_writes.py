"""What the console is holding for the server while it does not answer: a status-bar button
with the count, a list of the writes (waiting, or refused with the reason and the agent's own
text to copy), and the retries that deliver them."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.tickets import Ticket
from ..rest.client import RestBackend
from ..rest.pending_writes import Flushed, Pending, PendingWrites
from ..rest.wire import error_from
from .errors import error_text
from .tasks import TaskRunner
from .widgets import named

RETRY_MS = 5000


class PendingWritesMonitor(QObject):
    """Delivers the queued writes: every few seconds while any wait, and at once when the
    server is seen again. One delivery at a time, off the GUI thread.

    Signals:
        counted(list): the undelivered items (waiting and refused), after every change.
        delivered(object): a Flushed that sent or refused something.
    """

    counted = Signal(list)
    delivered = Signal(object)

    def __init__(
        self,
        backend: RestBackend,
        pending_writes: PendingWrites,
        runner: TaskRunner,
        parent: QObject,
    ):
        super().__init__(parent)
        self.backend, self.pending_writes, self._runner = backend, pending_writes, runner
        self.items: list[Pending] = []
        self._busy = False
        self.local = TaskRunner(self, threads=1)  # the file on this PC, never behind the network
        self._timer = QTimer(self, interval=RETRY_MS)
        self._timer.timeout.connect(self.flush)

    def refresh(self) -> None:
        self.local.run(self.pending_writes.items, self._counted, receiver=self)

    def flush(self) -> None:
        if self._busy:
            return
        self._busy = True

        def done(result: Flushed) -> None:
            self._busy = False
            if result.sent or result.refused:
                self.delivered.emit(result)
            self.refresh()

        def failed(_exc: Exception) -> None:
            self._busy = False
            self.refresh()

        self._runner.run(self.backend.flush_pending_writes, done, failed, receiver=self)

    def on_online(self, online: bool) -> None:
        if online and any(p.refused is None for p in self.items):
            self.flush()

    def discard(self, key: str) -> None:
        self.local.run(
            lambda: self.pending_writes.discard(key), lambda _r: self.refresh(), receiver=self
        )

    def _counted(self, items: list[Pending]) -> None:
        self.items = items
        if any(p.refused is None for p in items):
            self._timer.start()
        else:
            self._timer.stop()
        self.counted.emit(items)


class PendingWritesButton(QToolButton):
    """Hidden while nothing waits. Red when the server refused something the agent wrote."""

    def __init__(self, monitor: PendingWritesMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pending_writes_button")
        self.monitor = monitor
        self.setAutoRaise(True)
        self.hide()
        monitor.counted.connect(self._show_count)
        self.clicked.connect(self.open_list)
        self.dialog: PendingWritesDialog | None = None

    def _show_count(self, items: list[Pending]) -> None:
        waiting = sum(p.refused is None for p in items)
        refused = len(items) - waiting
        parts = []
        if waiting:
            parts.append(self.tr("%n change(s) waiting to be sent", "", waiting))
        if refused:
            parts.append(self.tr("%n not accepted by the server", "", refused))
        self.setText("✉ " + "; ".join(parts))
        self.setStyleSheet("color: #c62828;" if refused else "")
        self.setToolTip(self.tr("Kept on this PC. Click to see them."))
        self.setVisible(bool(items))

    def open_list(self) -> None:
        if self.dialog is None:  # one list, kept up to date while open or not
            self.dialog = PendingWritesDialog(self.monitor, self.window())
        self.dialog.open()
        self.dialog.raise_()


class PendingWritesDialog(QDialog):
    def __init__(self, monitor: PendingWritesMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changes kept on this PC"))
        self.monitor = monitor
        intro = QLabel(
            self.tr(
                "The server did not answer when these were saved. They are sent in order as "
                "soon as it answers again. A change the server refuses stays here with the "
                "reason: copy your text and enter it again where it belongs."
            )
        )
        intro.setWordWrap(True)
        self.table = named(QTableWidget(0, 4), "pending_writes_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Written"), self.tr("What"), self.tr("Text"), self.tr("State")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.send = named(QPushButton(self.tr("Send now")), "pending_writes_send")
        self.copy = named(QPushButton(self.tr("Copy text")), "pending_writes_copy")
        self.discard = named(QPushButton(self.tr("Discard")), "pending_writes_discard")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for b in (self.send, self.copy, self.discard):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.send.clicked.connect(monitor.flush)
        self.copy.clicked.connect(self._copy)
        self.discard.clicked.connect(self._discard)
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 360)
        monitor.counted.connect(self._fill)
        self._fill(monitor.items)

    def _fill(self, items: list[Pending]) -> None:
        chosen = self._chosen()  # the same item stays selected when rows above it leave
        self._items = items
        self.table.setRowCount(len(items))
        for row, p in enumerate(items):
            cells = [
                p.written_at.astimezone().strftime("%m-%d %H:%M"),
                self._what(p),
                p.text,
                self._state(p),
            ]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.clearSelection()
        keys = [p.key for p in items]
        if chosen is not None and chosen.key in keys:
            self.table.selectRow(keys.index(chosen.key))
        self._enable()

    def _what(self, p: Pending) -> str:
        ticket = Ticket.number_of(p.subject_id) if p.subject_id is not None else ""
        words: dict[str, Any] = {
            "add_comment": self.tr("Note on %1"),
            "log_work": self.tr("Work log on %1"),
            "check_in": self.tr("Check-in on %1"),
            "record_callback": self.tr("Callback outcome"),
            "record_callback_with_suggestions": self.tr("Callback outcome"),
        }
        return str(words.get(p.name, p.name)).replace("%1", ticket)

    def _state(self, p: Pending) -> str:
        if p.refused is None:
            return self.tr("waiting for the server")
        try:
            reason = error_text(error_from(json.loads(p.refused)))
        except (ValueError, TypeError, KeyError, AttributeError):  # written by another version
            reason = p.refused
        return self.tr("not accepted: %1").replace("%1", reason)

    def _chosen(self) -> Pending | None:
        rows = self.table.selectionModel().selectedRows()
        items = getattr(self, "_items", [])
        return items[rows[0].row()] if rows and rows[0].row() < len(items) else None

    def _enable(self) -> None:
        chosen = self._chosen()
        self.copy.setEnabled(chosen is not None)
        self.discard.setEnabled(chosen is not None and chosen.refused is not None)
        self.send.setEnabled(any(p.refused is None for p in self._items))

    def _copy(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            QGuiApplication.clipboard().setText(chosen.text)

    def _discard(self) -> None:
        chosen = self._chosen()
        if chosen is not None and chosen.refused is not None:  # waiting ones are never dropped
            self.monitor.discard(chosen.key)
