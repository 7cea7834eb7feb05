"""Carrying out a lifecycle step the agent asked for: ask what is missing, then run it off the
GUI thread and report the outcome (a conflict opens a dialog; nothing is silently overwritten)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ...domain.enums import TicketStatus
from ...domain.errors import ConflictError, DomainError
from ...domain.lifecycle import REASON_REQUIRED
from ...domain.model import Technician
from ...domain.tickets import Ticket
from ...ports import Backend
from ..tasks import TaskRunner


class LifecycleController(QObject):
    """Signals:
    changed(int): the ticket (id) changed; views reload it.
    """

    changed = Signal(int)

    def __init__(self, backend: Backend, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._backend = backend
        self._runner = runner
        self._parent = parent_widget

    def request(self, ticket: Ticket, target: TicketStatus) -> None:
        if target is TicketStatus.ASSIGNED:
            self._runner.run(
                lambda: self._backend.list_technicians(ticket.department_id),
                lambda techs: self._pick_technician(ticket, techs),
                self._show_error,
            )
            return
        reason = None
        if target in REASON_REQUIRED:
            reason, ok = QInputDialog.getText(
                self._parent,
                self.tr("Reason"),
                self.tr("Why? (kept in the ticket's history)"),
            )
            if not ok or not reason.strip():
                return
        self._run(
            ticket, lambda: self._backend.transition(ticket.id, ticket.version, target, reason)
        )

    def _pick_technician(self, ticket: Ticket, technicians: list[Technician]) -> None:
        if not technicians:
            QMessageBox.information(
                self._parent, self.tr("Dispatch"), self.tr("No technicians in this department.")
            )
            return
        names = [f"{t.name} · {t.status.value}" for t in technicians]
        choice, ok = QInputDialog.getItem(
            self._parent, self.tr("Dispatch"), self.tr("Send which technician?"), names, 0, False
        )
        if not ok:
            return
        tech = technicians[names.index(choice)]
        self._run(ticket, lambda: self._backend.assign(ticket.id, ticket.version, tech.id))

    def _run(self, ticket: Ticket, call: Callable[[], Any]) -> None:
        self._runner.run(
            call, lambda t: self.changed.emit(t.id), lambda exc: self._failed(ticket, exc)
        )

    def _failed(self, ticket: Ticket, exc: Exception) -> None:
        if isinstance(exc, ConflictError):
            QMessageBox.warning(
                self._parent,
                self.tr("Changed by someone else"),
                self.tr(
                    "%1\n\nThe ticket has been reloaded with their changes; nothing of "
                    "yours was saved."
                ).replace("%1", str(exc)),
            )
            self.changed.emit(ticket.id)
            return
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        title = self.tr("Not done") if isinstance(exc, DomainError) else self.tr("Problem")
        QMessageBox.warning(self._parent, title, str(exc))
