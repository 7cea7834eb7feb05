"""The Conversations dock: open chats on the left, the chosen one on the right. It follows the
change feed: a new chat or a new line reloads the list (and the open chat), without the agent
pressing anything."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from ...domain.chat import Conversation, ConversationView
from ...domain.events import Event
from ...ports import Backend
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .conversations import ConversationList
from .pane import ConversationPane


class ChatPanel(QWidget):
    """Signals:
    create_requested(object): make a ticket from this ConversationView (the window opens the
        ticket form, filled from the chat).
    ticket_changed(int): a chat was put on this ticket.
    open_ticket(int): the agent wants to see this ticket.
    unread_changed(int): this many chats have lines the agent has not opened.
    message(str): a line for the status bar.
    """

    create_requested = Signal(object)
    ticket_changed = Signal(int)
    open_ticket = Signal(int)
    unread_changed = Signal(int)
    message = Signal(str)

    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = runner
        self._list_load = Latest(runner, self)
        self._view_load = Latest(runner, self)
        self.conversations = ConversationList()
        self.pane = ConversationPane()
        self.closed = named(QCheckBox(self.tr("Show &closed chats")), "chat_closed")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.conversations, 1)
        row = QHBoxLayout()
        row.addWidget(self.closed)
        row.addStretch(1)
        column.addLayout(row)
        splitter = named(QSplitter(), "chat_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.pane)
        splitter.setSizes([480, 720])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.conversations.chosen.connect(self.open)
        self.closed.toggled.connect(lambda _on: self.reload())
        self.pane.create_requested.connect(self.create_requested)
        self.pane.link_requested.connect(self.link)
        self.pane.customer_chosen.connect(self.choose_customer)
        self.pane.open_requested.connect(self.open_ticket)

    # --- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        include = self.closed.isChecked()
        self._list_load.run(
            lambda: self._backend.list_conversations(include),
            self._listed,
            lambda exc: self.message.emit(error_text(exc)),
        )

    def _listed(self, conversations: list[Conversation]) -> None:
        before = self.conversations.unread()
        self.conversations.show_conversations(conversations)
        unread = self.conversations.unread()
        if unread != before:
            self.unread_changed.emit(unread)
        current = self.pane.view
        if current is not None:
            mine = next((c for c in conversations if c.id == current.conversation.id), None)
            if mine is not None and mine.version != current.conversation.version:
                self.open(mine)  # a new line in the chat on screen

    def on_events(self, events: Sequence[Event]) -> None:
        if any(e.entity == "conversation" for e in events):
            self.reload()

    def open(self, conv: Conversation) -> None:
        conversation_id = conv.id
        self._view_load.run(
            lambda: self._backend.get_conversation(conversation_id),
            self._opened,
            lambda exc: self.pane.show_error(error_text(exc)),
        )

    def _opened(self, view: ConversationView) -> None:
        self.pane.show_view(view)
        self.conversations.seen(view.conversation)
        self.unread_changed.emit(self.conversations.unread())

    # --- what the agent does -------------------------------------------------------------------
    def link(self, view: ConversationView, ticket_id: int) -> None:
        conv = view.conversation
        self.pane.link_button.setEnabled(False)

        def done(linked: Conversation) -> None:
            self.message.emit(self.tr("The chat is on the ticket now, with its transcript."))
            self.ticket_changed.emit(ticket_id)
            self.open(linked)

        self._runner.run(
            lambda: self._backend.link_chat(conv.id, ticket_id),
            done,
            self._refused,
            receiver=self,
        )

    def choose_customer(self, view: ConversationView, customer_id: int) -> None:
        conv = view.conversation
        self._runner.run(
            lambda: self._backend.set_chat_customer(conv.id, conv.version, customer_id),
            self.open,
            self._refused,
            receiver=self,
        )

    def created(self, ticket_id: int) -> None:
        """The ticket form made a ticket from the chat on screen."""
        self.ticket_changed.emit(ticket_id)
        self.reload()
        if self.pane.view is not None:
            self.open(self.pane.view.conversation)

    def _refused(self, exc: Exception) -> None:
        text = error_text(exc)
        self.pane.show_error(text)
        view = self.pane.view
        if view is None:
            return
        conversation_id = view.conversation.id

        def shown(fresh: ConversationView) -> None:  # a colleague may have linked it meanwhile
            self.pane.show_view(fresh)
            self.pane.show_error(text)

        self._view_load.run(lambda: self._backend.get_conversation(conversation_id), shown)
