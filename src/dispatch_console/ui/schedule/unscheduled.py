"""Jobs not yet on anyone's day, beside the board: dragged onto a row, or placed with the
Dispatch shortcut.

Signals:
    place_requested(int): the Dispatch shortcut on the selected job.
    open_requested(int): Enter or a double click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from .canvas import is_dispatch_key
from .cards import JobCard
from .mime import MIME, ticket_mime
from .words import in_hand_text, span

TICKET_ROLE = Qt.ItemDataRole.UserRole
IN_HAND_COLOUR = QColor("#6a1b9a")  # apart from the risk colours: a fact, not a warning


class UnscheduledList(QListWidget):
    place_requested = Signal(int)
    open_requested = Signal(int)

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_unscheduled")
        self.zone = zone
        # who a technician id is (the board's list; a technician off it by their number)
        self.names: Callable[[int], str] = lambda tid: f"#{tid}"
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(lambda item: self.open_requested.emit(item.data(TICKET_ROLE)))

    def set_cards(self, cards: list[JobCard]) -> None:
        self.clear()
        for card in cards:
            self.add(card)

    def add(self, card: JobCard) -> None:
        self.remove(card.ticket_id)
        lines = [f"{card.number}  {card.title}"]
        if card.window is not None:
            window = span(card.window.starts_at, card.window.ends_at, self.zone)
            lines.append(self.tr("Appointment %1").replace("%1", window))
        lines.append(self.tr("%1 min on site").replace("%1", f"{card.minutes:.0f}"))
        held = ""
        if card.holder_id is not None and card.in_hand is not None:
            held = in_hand_text(card.in_hand, self.names(card.holder_id))
            lines.append("⚑ " + held)  # theirs already: moving it takes it from them
        item = QListWidgetItem("\n".join(lines))
        if held:
            item.setForeground(IN_HAND_COLOUR)
            item.setToolTip(held)
        item.setData(TICKET_ROLE, card.ticket_id)
        self.addItem(item)

    def remove(self, ticket_id: int) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item is not None and item.data(TICKET_ROLE) == ticket_id:
                self.takeItem(row)
                return

    def ticket_ids(self) -> list[int]:
        return [int(self.item(r).data(TICKET_ROLE)) for r in range(self.count())]

    def selected_ticket(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(TICKET_ROLE))

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        return ticket_mime(int(items[0].data(TICKET_ROLE)))

    def event(self, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and is_dispatch_key(event):
            event.accept()  # the list's own Ctrl+D, before the window's menu takes it
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if is_dispatch_key(event):
            ticket = self.selected_ticket()
            if ticket is not None:
                self.place_requested.emit(ticket)
            return
        super().keyPressEvent(event)
