"""The lifecycle buttons under a ticket: only the steps its current state allows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ...domain.enums import TicketStatus
from ...domain.lifecycle import allowed_targets
from ...domain.tickets import Ticket


def action_label(target: TicketStatus, current: TicketStatus) -> str:
    """What the button says: the act, not the state it leads to."""
    if current is TicketStatus.ON_HOLD and target is not TicketStatus.CANCELLED:
        return QCoreApplication.translate("actions", "Resume")
    return {
        TicketStatus.NEW: QCoreApplication.translate("actions", "Unassign"),
        TicketStatus.ASSIGNED: QCoreApplication.translate("actions", "Dispatch…"),
        TicketStatus.ACCEPTED: QCoreApplication.translate("actions", "Accept"),
        TicketStatus.EN_ROUTE: QCoreApplication.translate("actions", "On the way"),
        TicketStatus.ON_SITE: QCoreApplication.translate("actions", "Arrived"),
        TicketStatus.IN_PROGRESS: QCoreApplication.translate("actions", "Start work"),
        TicketStatus.ON_HOLD: QCoreApplication.translate("actions", "Hold…"),
        TicketStatus.RESOLVED: QCoreApplication.translate("actions", "Resolve"),
        TicketStatus.CLOSED: QCoreApplication.translate("actions", "Close"),
        TicketStatus.REOPENED: QCoreApplication.translate("actions", "Reopen…"),
        TicketStatus.CANCELLED: QCoreApplication.translate("actions", "Cancel ticket…"),
    }[target]


class ActionBar(QWidget):
    """Signals:
    requested(object): the agent asked for this target status (a TicketStatus).
    """

    requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self._steps: list[tuple[TicketStatus, str]] = []

    def steps(self) -> list[tuple[TicketStatus, str]]:
        """The steps on offer now, with their labels (the Ticket menu repeats them)."""
        return list(self._steps)

    def show_for(self, ticket: Ticket | None) -> None:
        self._steps = []
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        if ticket is None:
            return
        targets = allowed_targets(ticket.status, ticket.held_from)
        ordered = [s for s in TicketStatus if s in targets]
        for i, target in enumerate(ordered):
            self._steps.append((target, action_label(target, ticket.status)))
            button = QPushButton(action_label(target, ticket.status))
            button.setObjectName(f"action_{target.value}")
            button.clicked.connect(lambda _=False, t=target: self.requested.emit(t))
            self._layout.insertWidget(i, button)
