"""The call log: the latest calls, newest first, with a switch to missed calls only. A double
click (or Enter) opens the linked ticket, or pops the caller to start one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.calls import Call
from ...domain.enums import CallDirection, CallOutcome
from ...domain.tickets import Ticket
from ...ports import Backend
from ..phones import display_phone
from ..tasks import Latest, TaskRunner
from ..widgets import named

SHOWN = 200
MISSED = QColor("#c62828")


def outcome_label(outcome: CallOutcome) -> str:
    return {
        CallOutcome.RINGING: QCoreApplication.translate("calls", "ringing"),
        CallOutcome.ANSWERED: QCoreApplication.translate("calls", "answered"),
        CallOutcome.MISSED: QCoreApplication.translate("calls", "missed"),
        CallOutcome.BUSY: QCoreApplication.translate("calls", "busy"),
        CallOutcome.FAILED: QCoreApplication.translate("calls", "failed"),
    }[outcome]


class CallLog(QWidget):
    """Signals:
    open_ticket(int): show the ticket this call is linked to.
    call_back(object): the Call to start from (no ticket linked yet).
    """

    open_ticket = Signal(int)
    call_back = Signal(object)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        region: str = "CN",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._lookup = Latest(runner, self)
        self._region = region
        self._calls: list[Call] = []
        self.missed_only = named(QCheckBox(self.tr("Missed calls only")), "missed_only")
        self.table = named(QTableWidget(0, 7), "call_log")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Direction"),
                self.tr("Number"),
                self.tr("Outcome"),
                self.tr("Talk"),
                self.tr("Agent"),
                self.tr("Ticket"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(self.missed_only)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.missed_only.toggled.connect(lambda _on: self.reload())
        self.table.itemActivated.connect(self._activated)

    def reload(self) -> None:
        missed = self.missed_only.isChecked()
        self._lookup.run(
            lambda: self._backend.list_calls(missed_only=missed, limit=SHOWN), self._show
        )

    def _show(self, calls: list[Call]) -> None:
        self._calls = calls
        self.table.setRowCount(0)
        for call in calls:
            row = self.table.rowCount()
            self.table.insertRow(row)
            inbound = call.direction is CallDirection.INBOUND
            number = call.from_number if inbound else call.to_number
            talk = ""
            if call.answered_at and call.ended_at:
                seconds = int((call.ended_at - call.answered_at).total_seconds())
                talk = f"{seconds // 60}:{seconds % 60:02d}"
            cells = [
                call.offered_at.astimezone().strftime("%m-%d %H:%M"),
                self.tr("in") if inbound else self.tr("out"),
                display_phone(number, self._region) or number,
                outcome_label(call.outcome),
                talk,
                call.agent_extension or "",
                Ticket.number_of(call.ticket_id) if call.ticket_id else "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if call.outcome is CallOutcome.MISSED:
                    item.setForeground(MISSED)
                self.table.setItem(row, col, item)

    def _activated(self, item: QTableWidgetItem) -> None:
        call = self._calls[item.row()]
        if call.ticket_id is not None:
            self.open_ticket.emit(call.ticket_id)
        else:
            self.call_back.emit(call)

    def on_events(self, events: list[object]) -> None:
        if any(getattr(e, "entity", None) == "call" for e in events):
            self.reload()
