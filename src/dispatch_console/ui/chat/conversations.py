"""The list of open chats, most recently active first. A chat with messages the agent has not
opened yet is bold, so a new line from a customer is not missed among twenty chats."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ...domain.chat import Conversation
from ..widgets import named
from .words import contact_of, short_time, status_label

ROLE = Qt.ItemDataRole.UserRole


class ConversationList(QTreeWidget):
    """Signals:
    chosen(object): the agent opened this Conversation (click, Enter or arrow keys).
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "chat_list")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setHeaderLabels(
            [self.tr("Contact"), self.tr("Last message"), self.tr("Time"), self.tr("Ticket")]
        )
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._read: dict[int, int] = {}  # conversation id -> messages the agent has seen
        self.currentItemChanged.connect(self._current_changed)

    def show_conversations(self, conversations: list[Conversation]) -> None:
        """Replace the rows, keeping the one in hand selected."""
        current = self.current()
        keep = current.id if current else None
        self.blockSignals(True)
        self.clear()
        for conv in conversations:
            item = QTreeWidgetItem(
                [
                    contact_of(conv),
                    conv.preview,
                    short_time(conv.last_message_at),
                    "✓" if conv.ticket_id else "",
                ]
            )
            item.setData(0, ROLE, conv)
            item.setToolTip(1, escape(conv.preview))  # tooltips render markup: the chat's words
            tip = " · ".join(p for p in (conv.inbox, status_label(conv.status)) if p)
            item.setToolTip(0, escape(tip))
            if conv.ticket_id:
                item.setToolTip(3, self.tr("Already on a ticket"))
            self._mark(item, conv)
            self.addTopLevelItem(item)
            if conv.id == keep:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def current(self) -> Conversation | None:
        item = self.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def unread(self) -> int:
        """Chats with lines the agent has not opened: the dock's title counts them."""
        return sum(1 for item in self._items() if self._is_unread(item.data(0, ROLE)))

    def seen(self, conv: Conversation) -> None:
        self._read[conv.id] = conv.message_count
        for item in self._items():
            if item.data(0, ROLE).id == conv.id:
                item.setData(0, ROLE, conv)
                self._mark(item, conv)

    def _items(self) -> list[QTreeWidgetItem]:
        found = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in found if item is not None]

    def _is_unread(self, conv: Conversation) -> bool:
        return conv.message_count > self._read.get(conv.id, 0)

    def _mark(self, item: QTreeWidgetItem, conv: Conversation) -> None:
        font = item.font(0)
        font.setBold(self._is_unread(conv))
        for column in range(self.columnCount()):
            item.setFont(column, font)

    def _current_changed(self, item: QTreeWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.chosen.emit(item.data(0, ROLE))
