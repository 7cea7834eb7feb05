"""The chat's place in the window: its dock (titled with the number of chats with unread lines)
and the ticket form a chat opens, filled from the chat and saved through ticket_from_chat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QListWidgetItem, QMainWindow, QMenu

from ...domain.chat import Author, ConversationView, phone_to_show
from ...domain.desk_zone import DEFAULT_HOLIDAY_REGION, DEFAULT_TIMEZONE
from ...domain.enums import Channel
from ...domain.tickets import Ticket, TicketDraft
from ...ports import Backend
from ...rest.client import RestBackend
from ..tasks import TaskRunner
from ..tickets.form import TicketForm
from ..widgets import named
from .panel import ChatPanel

SHORTCUT = "Ctrl+Shift+C"


class ChatDesk(QObject):
    """Owns the Conversations dock. `open_ticket(id)` shows a ticket in the window;
    `ticket_changed(id)` tells the window a ticket has new things in its timeline."""

    def __init__(
        self,
        window: QMainWindow,
        menu: QMenu,
        backend: Backend,
        runner: TaskRunner,
        open_ticket: Callable[[int], None],
        ticket_changed: Callable[[int], None],
        server: RestBackend | None = None,
        zone: str = DEFAULT_TIMEZONE,
        *,
        now: Callable[[], datetime] | None = None,
        holiday_region: str = DEFAULT_HOLIDAY_REGION,
    ) -> None:
        """`zone`: the desk's, in which a ticket's appointment window is typed; `now`: the
        window's clock."""
        super().__init__(window)
        self._zone = zone
        self._holiday_region = holiday_region
        self._now = now or (lambda: datetime.now(UTC))
        self._server = server  # a new ticket the server could not take is kept (TicketForm)
        self._window = window
        self._backend = backend
        self._runner = runner
        self.panel = ChatPanel(backend, runner)
        self.dock = named(QDockWidget(self._title(0), window), "dock_chats")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(SHORTCUT))
        menu.addAction(toggle)
        self.dock.hide()
        self.form: TicketForm | None = None
        self.panel.create_requested.connect(self.create_ticket)
        self.panel.open_ticket.connect(open_ticket)
        self.panel.ticket_changed.connect(ticket_changed)
        self.panel.unread_changed.connect(lambda n: self.dock.setWindowTitle(self._title(n)))
        self.panel.message.connect(lambda text: self._window.statusBar().showMessage(text, 15000))

    def _title(self, unread: int) -> str:
        title = self.tr("Chats")
        return f"{title} ({unread})" if unread else title

    def create_ticket(self, view: ConversationView) -> TicketForm:
        """The ticket form, filled from the chat: the customer if known, the contact, and what
        the customer wrote as the fault; saved through the chat, so its transcript goes along."""
        conv = view.conversation
        form = TicketForm(
            self._backend, self._runner, self._window, server=self._server, zone=self._zone,
            now=self._now, holiday_region=self._holiday_region,
        )  # fmt: skip
        form.warned.connect(lambda text: self._window.statusBar().showMessage(text, 15000))
        form.setWindowTitle(self.tr("New ticket from a chat"))
        form.channel.setCurrentIndex(form.channel.findData(Channel.CHAT))
        form.contact_name.setText(conv.contact_name[:120])
        form.contact_phone.setText(phone_to_show(conv))  # a raw number: the agent corrects it
        said = [m.body for m in view.messages if m.author is Author.CUSTOMER]
        form.description.setPlainText("\n".join(said)[:2000])
        if view.customer is not None:
            item = QListWidgetItem(view.customer.name)
            item.setData(Qt.ItemDataRole.UserRole, view.customer)
            form.choose_customer(item)
        backend, conversation_id = self._backend, conv.id

        def through_chat(draft: TicketDraft) -> Ticket:
            return backend.ticket_from_chat(conversation_id, draft)

        form.creates_with = through_chat
        form.created.connect(lambda ticket: self.panel.created(ticket.id))
        form.category.setFocus()
        form.open()
        self.form = form
        return form
