"""Before a second ticket is opened for the same asset or site: the one already open."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.tickets import TicketRow
from .labels import status_label


class DuplicateWarning(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_warning")
        self.setStyleSheet("color: #ef6c00;")
        self.setWordWrap(True)
        self.hide()
        self.open_tickets: list[TicketRow] = []

    def set_open(self, rows: list[TicketRow]) -> None:
        self.open_tickets = rows

    def check(self, site_id: int | None, asset_id: int | None) -> None:
        same = [
            r
            for r in self.open_tickets
            if (asset_id is not None and r.ticket.asset_id == asset_id)
            or (site_id is not None and r.ticket.site_id == site_id)
        ]
        if not same:
            self.hide()
            return
        t = same[0].ticket
        self.setText(
            self.tr("%1 is already open here (%2, opened %3): add to it rather than open another?")
            .replace("%1", t.number)
            .replace("%2", status_label(t.status))
            .replace("%3", t.created_at.astimezone().strftime("%m-%d %H:%M"))
        )
        self.show()
