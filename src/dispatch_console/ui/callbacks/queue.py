"""The agents' callback queue: what to call next, first due first. Late ones are red; those a
colleague is working on, or that a supervisor gave to someone else, are grey and say who."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.callbacks import CallbackRow, claim_holder, is_late
from ..phones import display_phone
from ..tickets.labels import callback_reason_label
from ..widgets import named

LATE = QColor("#c62828")
TAKEN = QColor("#9e9e9e")


class CallbackQueue(QWidget):
    """Signals:
    chosen(object): the agent wants to work on this CallbackRow (Enter or a double click).
    """

    chosen = Signal(object)

    def __init__(self, me: str, region: str = "CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.me = me
        self._region = region
        self.rows: list[CallbackRow] = []
        self.table = named(QTableWidget(0, 7), "callback_queue")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Due"),
                self.tr("Why"),
                self.tr("Customer"),
                self.tr("Number"),
                self.tr("Ticket"),
                self.tr("Tries"),
                self.tr("Who"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.table.itemActivated.connect(lambda item: self.chosen.emit(self.rows[item.row()]))

    def show_rows(self, rows: list[CallbackRow], now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        selected = self.selected()
        keep = selected.callback.id if selected else None
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cb = row.callback
            holder = claim_holder(cb, now)
            who = holder or cb.assigned_to or ""
            cells = [
                cb.due_at.astimezone().strftime("%m-%d %H:%M"),
                callback_reason_label(cb.reason),
                row.customer_name or "",
                display_phone(cb.phone, self._region) or cb.phone,
                row.ticket_number or "",
                f"{cb.attempts}/{cb.max_attempts}",
                who,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if who and who != self.me:
                    item.setForeground(TAKEN)
                    item.setToolTip(self.tr("%1 has this callback").replace("%1", who))
                elif is_late(cb, now):
                    item.setForeground(LATE)
                    item.setToolTip(self._late_words(cb.sla_due_at))
                self.table.setItem(r, col, item)
        if keep is not None:
            for r, row in enumerate(rows):
                if row.callback.id == keep:
                    self.table.selectRow(r)

    def _late_words(self, deadline: datetime | None) -> str:
        when = deadline.astimezone().strftime("%m-%d %H:%M") if deadline else ""
        return self.tr("Late: it was to be done by %1").replace("%1", when)

    def selected(self) -> CallbackRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def next_for_me(self, now: datetime | None = None) -> CallbackRow | None:
        """The first callback due now that nobody else has (the queue lists those given to me
        first). Not due yet is not next: "next business day" means not today."""
        now = now or datetime.now(UTC)
        for row in self.rows:
            who = claim_holder(row.callback, now) or row.callback.assigned_to
            if who in (None, self.me) and row.callback.due_at <= now:
                return row
        return None

    def next_due_at(self) -> datetime | None:
        return min((r.callback.due_at for r in self.rows), default=None)
