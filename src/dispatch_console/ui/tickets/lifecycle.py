"""Carrying out a lifecycle step the agent asked for: ask what is missing, then run it off the
GUI thread and report the outcome (a conflict opens a dialog; nothing is silently overwritten)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ...domain.enums import TicketStatus
from ...domain.errors import ConflictError, DomainError
from ...domain.lifecycle import REASON_REQUIRED
from ...domain.model import Technician
from ...domain.tickets import Ticket
from ...ports import Backend
from ..errors import error_text
from ..tasks import TaskRunner
from .conflict import ConflictDialog
from .labels import technician_status_label


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
        self.conflict: ConflictDialog | None = None  # the open one, if any

    def request(self, ticket: Ticket, target: TicketStatus) -> None:
        # resuming a held ticket goes back to where it was, with the same technician
        if target is TicketStatus.ASSIGNED and ticket.status is not TicketStatus.ON_HOLD:
            self._runner.run(
                lambda: self._backend.list_technicians(ticket.department_id),
                lambda techs: self._pick_technician(ticket, techs),
                self._show_error,
                receiver=self,
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
            ticket,
            {"status": target.value},
            lambda version: self._backend.transition(ticket.id, version, target, reason),
        )

    def _pick_technician(self, ticket: Ticket, technicians: list[Technician]) -> None:
        if not technicians:
            QMessageBox.information(
                self._parent, self.tr("Dispatch"), self.tr("No technicians in this department.")
            )
            return
        names = [f"{t.name} · {technician_status_label(t.status)}" for t in technicians]
        choice, ok = QInputDialog.getItem(
            self._parent, self.tr("Dispatch"), self.tr("Send which technician?"), names, 0, False
        )
        if not ok:
            return
        self.assign(ticket, technicians[names.index(choice)].id)

    def assign(self, ticket: Ticket, technician_id: int) -> None:
        """Dispatch to this technician (from the ranked list, the map, or the picker)."""
        self._run(
            ticket,
            {"status": TicketStatus.ASSIGNED.value, "assignee_id": technician_id},
            lambda version: self._backend.assign(ticket.id, version, technician_id),
        )

    def book(self, ticket: Ticket, technician_id: int, starts_at: datetime, minutes: int) -> None:
        """Dispatch to this technician and put the visit on their day at `starts_at` (their
        earliest slot in the ranked list); a time taken meanwhile is refused with its reason."""
        self._run(
            ticket,
            {
                "status": TicketStatus.ASSIGNED.value,
                "assignee_id": technician_id,
                "planned_start_at": starts_at.isoformat(),
            },
            lambda version: (
                self._backend.place_visit(
                    ticket.id, version, technician_id, starts_at, minutes
                ).ticket
            ),
        )

    def _run(self, ticket: Ticket, mine: dict[str, Any], step: Callable[[int], Ticket]) -> None:
        """Run the step on the version the agent saw; `mine` is what it changes, for the
        conflict dialog."""
        self._runner.run(
            lambda: step(ticket.version),
            lambda t: self.changed.emit(t.id),
            lambda exc: self._failed(ticket, mine, step, exc),
            receiver=self,
        )

    def _failed(
        self, ticket: Ticket, mine: dict[str, Any], step: Callable[[int], Ticket], exc: Exception
    ) -> None:
        if not isinstance(exc, ConflictError):
            self._show_error(exc)
            return
        self._runner.run(
            lambda: self._backend.get_ticket(ticket.id),
            lambda current: self._ask(ticket, mine, step, exc, current),
            self._show_error,
            receiver=self,
        )

    def _ask(
        self,
        ticket: Ticket,
        mine: dict[str, Any],
        step: Callable[[int], Ticket],
        exc: ConflictError,
        current: Ticket,
    ) -> None:
        self.changed.emit(ticket.id)  # the views show their version meanwhile
        dialog = ConflictDialog(
            ticket, mine, current, exc.changed_by, self._parent, back_text=self.tr("Leave it")
        )
        self.conflict = dialog

        def decided(choice: int) -> None:
            if choice == ConflictDialog.SAVE_MINE:
                self._run(current, mine, step)

        dialog.finished.connect(decided)
        dialog.open()

    def _show_error(self, exc: Exception) -> None:
        title = self.tr("Not done") if isinstance(exc, DomainError) else self.tr("Problem")
        QMessageBox.warning(self._parent, title, error_text(exc))
