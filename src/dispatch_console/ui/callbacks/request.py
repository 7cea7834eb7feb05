""" "Call me back at ...": the customer asks, the agent picks the time; the callback lands in the
queue with the ticket's number to call."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ...domain.calls import Callback
from ...domain.tickets import Ticket
from ...ports import Backend
from ..errors import error_text
from ..tasks import TaskRunner
from ..widgets import named

DEFAULT_DELAY_S = 3600


class CallbackRequestDialog(QDialog):
    """Signals:
    scheduled(object): the Callback that was scheduled.
    """

    scheduled = Signal(object)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        ticket: Ticket,
        number: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Call back later – %1").replace("%1", ticket.number))
        self._backend = backend
        self._runner = runner
        self._ticket = ticket
        self.number = named(QLineEdit(number), "request_number")
        self.when = named(
            QDateTimeEdit(QDateTime.currentDateTime().addSecs(DEFAULT_DELAY_S)), "request_when"
        )
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setMinimumDateTime(QDateTime.currentDateTime())
        self.error = named(QLabel(), "request_error")
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Call at"), self.when)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        number = self.number.text()
        due = datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC)
        ticket_id = self._ticket.id
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def saved(cb: Callback) -> None:
            self.scheduled.emit(cb)
            self.accept()

        def failed(exc: Exception) -> None:  # the dialog stays, with what was typed
            self.error.setText(error_text(exc))
            ok.setEnabled(True)

        def schedule() -> Callback:
            return self._backend.schedule_callback(
                number, due, reason="customer_request", ticket_id=ticket_id
            )

        self._runner.run(schedule, saved, failed, receiver=self)
