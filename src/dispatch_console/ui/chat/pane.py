"""One chat in full: who it is (or may be), the transcript, the customer's open tickets, and the
three things an agent does with it: make a ticket, put it on a ticket, say who the customer is."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.chat import ConversationView, phone_to_show
from ...domain.phones import display_phone
from ...domain.tickets import Ticket
from ..tickets.labels import status_label as ticket_status
from ..widgets import named
from .words import contact_of, status_label, transcript_html

ROLE = Qt.ItemDataRole.UserRole
ERROR_STYLE = "color: #c62828;"


class ConversationPane(QWidget):
    """Signals:
    create_requested(object): make a ticket from this ConversationView.
    link_requested(object, int): put this ConversationView on the ticket with this id.
    customer_chosen(object, int): the contact of this ConversationView is this customer.
    open_requested(int): show this ticket.
    """

    create_requested = Signal(object)
    link_requested = Signal(object, int)
    customer_chosen = Signal(object, int)
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ConversationView | None = None
        self.title = named(QLabel(), "chat_title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.who = named(QLabel(), "chat_customer")
        self.who.setTextFormat(Qt.TextFormat.PlainText)  # names come from the chat: no markup
        self.who.setWordWrap(True)
        self.candidates = named(QComboBox(), "chat_candidates")
        self.choose_button = named(QPushButton(self.tr("This is the &customer")), "chat_choose")
        self.transcript = named(QTextBrowser(), "chat_transcript")
        self.transcript.setOpenExternalLinks(False)
        self.tickets_label = QLabel(self.tr("Open tickets of this customer"))
        self.tickets = named(QListWidget(), "chat_tickets")
        self.tickets.setMaximumHeight(120)
        self.tickets_label.setBuddy(self.tickets)
        # any ticket, by its number: a visitor's chat matches no customer, so lists none
        self.ticket_number = named(QLineEdit(), "chat_ticket_number")
        self.ticket_number.setPlaceholderText(
            self.tr("Or type a ticket number (T0000123) and press Enter to link")
        )
        self.create_button = named(QPushButton(self.tr("Create &ticket from this chat…")),
                                   "chat_create")  # fmt: skip
        self.link_button = named(QPushButton(self.tr("&Link to the selected ticket")), "chat_link")
        self.open_button = named(QPushButton(self.tr("&Open its ticket")), "chat_open")
        self.error = named(QLabel(), "chat_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)

        choose = QHBoxLayout()
        choose.addWidget(self.candidates, 1)
        choose.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addLayout(choose)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.tickets_label)
        layout.addWidget(self.tickets)
        layout.addWidget(self.ticket_number)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.create_button.clicked.connect(self._create)
        self.link_button.clicked.connect(self._link)
        self.open_button.clicked.connect(self._open)
        self.choose_button.clicked.connect(self._choose)
        self.tickets.currentItemChanged.connect(self._enable)
        self.tickets.itemActivated.connect(lambda _item: self._link())
        self.ticket_number.returnPressed.connect(self._link_number)
        self.show_view(None)

    def show_view(self, view: ConversationView | None) -> None:
        self.view = view
        self.error.clear()
        self.tickets.clear()
        self.candidates.clear()
        self.ticket_number.clear()
        if view is None:
            self.title.setText(self.tr("Choose a chat on the left."))
            self.who.clear()
            self.transcript.clear()
            self._enable()
            return
        conv = view.conversation
        facts = [display_phone(conv.contact_phone) if conv.contact_phone else phone_to_show(conv),
                 conv.contact_email or "", conv.inbox, status_label(conv.status)]  # fmt: skip
        self.title.setText(
            f"<b>{escape(contact_of(conv))}</b> · " + " · ".join(escape(f) for f in facts if f)
        )
        if view.customer is not None:
            self.who.setText(self.tr("Customer: %1").replace("%1", view.customer.name))
        elif view.candidates:
            self.who.setText(self.tr("Several customers match this chat; which one is it?"))
            for c in view.candidates:
                self.candidates.addItem(c.name, c.id)
        else:
            none = self.tr("No customer has this number or address; pick one in the ticket form.")
            self.who.setText(none)
        if view.ticket is not None:
            self.who.setText(
                self.who.text() + " " + self.tr("On ticket %1.").replace("%1", view.ticket.number)
            )
        self.transcript.setHtml(transcript_html(conv, view.messages))
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())  # the latest line is what the agent needs
        for row in view.open_tickets:
            t = row.ticket
            item = QListWidgetItem(f"{t.number} · {t.category} · {ticket_status(t.status)}")
            item.setData(ROLE, t.id)
            item.setToolTip(escape(t.description))  # a tooltip would render markup
            self.tickets.addItem(item)
        self._enable()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self._enable()

    def _enable(self, *_: object) -> None:
        view = self.view
        free = view is not None and view.ticket is None
        has_messages = bool(view and view.messages)
        self.create_button.setEnabled(free and has_messages)
        self.link_button.setEnabled(
            free and has_messages and self.tickets.currentItem() is not None
        )
        self.open_button.setVisible(view is not None and view.ticket is not None)
        self.ticket_number.setVisible(free and has_messages)
        choosing = view is not None and view.customer is None and bool(view.candidates)
        self.candidates.setVisible(choosing)
        self.choose_button.setVisible(choosing)
        self.tickets_label.setVisible(self.tickets.count() > 0)
        self.tickets.setVisible(self.tickets.count() > 0)

    def _create(self) -> None:
        if self.view is not None:
            self.create_requested.emit(self.view)

    def _link(self) -> None:
        item = self.tickets.currentItem()
        if self.view is not None and item is not None and self.link_button.isEnabled():
            self.link_requested.emit(self.view, int(item.data(ROLE)))

    def _link_number(self) -> None:
        if self.view is None or self.view.ticket is not None or not self.view.messages:
            return
        ticket_id = Ticket.id_in(self.ticket_number.text())
        if not ticket_id:  # None, or T0000000
            self.show_error(self.tr("Type a ticket number such as T0000123."))
            return
        self.link_requested.emit(self.view, ticket_id)

    def _open(self) -> None:
        if self.view is not None and self.view.ticket is not None:
            self.open_requested.emit(self.view.ticket.id)

    def _choose(self) -> None:
        if self.view is not None and self.candidates.currentData() is not None:
            self.customer_chosen.emit(self.view, int(self.candidates.currentData()))
