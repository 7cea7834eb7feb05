"""The screen-pop: who is calling and what they have open, the moment the phone rings.

Non-modal and on top, so the agent can keep typing elsewhere; Enter opens the highlighted open
ticket, Ctrl+N starts a new ticket for the caller, Esc dismisses. Several customers share the
number: they are listed to choose from. Nobody has it: a new ticket (and customer) starts from
the number, or Ctrl+L files it on an existing customer (attach.py), who is then shown."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.call_events import CallEvent
from ...domain.timeline import CallerMatch
from ..phones import display_phone
from ..tickets.labels import status_label
from ..widgets import named
from .attach import AttachNumber

ATTACH_KEYS = "Ctrl+L"


def popup_shortcuts() -> list[tuple[str, str]]:
    """The pop-up's keys, for Help ▸ Keyboard shortcuts (they are not menu commands)."""
    # spelt out in full each time: pyside6-lupdate finds only literal translate calls
    return [
        (
            QCoreApplication.translate("ScreenPop", "Incoming call: open the highlighted ticket"),
            "Enter",
        ),
        (
            QCoreApplication.translate("ScreenPop", "Incoming call: new ticket for the caller"),
            "Ctrl+N",
        ),
        (
            QCoreApplication.translate("ScreenPop", "Incoming call: add the number to a customer"),
            ATTACH_KEYS,
        ),
        (QCoreApplication.translate("ScreenPop", "Incoming call: close the pop-up"), "Esc"),
    ]


class ScreenPop(QDialog):
    """Signals:
    open_ticket(int): show this ticket.
    new_ticket(object): start a ticket for this caller (the CallerMatch, the CallEvent).
    add_note(int): note what the caller says on this ticket.
    """

    open_ticket = Signal(int)
    new_ticket = Signal(object, object)
    add_note = Signal(int)

    def __init__(
        self,
        event: CallEvent,
        region: str = "CN",
        parent: QWidget | None = None,
        attach: AttachNumber | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setModal(False)
        self.call = event
        self.match: CallerMatch | None = None
        self._region = region
        number = display_phone(event.from_number, region) or event.from_number or self.tr("unknown")
        self.setWindowTitle(self.tr("Incoming call %1").replace("%1", number))
        self.caller = named(
            QLabel(self.tr("%1 — looking up…").replace("%1", escape(number))), "caller"
        )
        self.caller.setWordWrap(True)
        font = self.caller.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.caller.setFont(font)
        self.details = named(QLabel(), "caller_details")
        self.details.setWordWrap(True)
        self.tickets = named(QListWidget(), "caller_tickets")
        self.assets = named(QLabel(), "caller_assets")
        self.assets.setWordWrap(True)
        self.assets.hide()
        self.state = named(QLabel(self.tr("Ringing")), "call_state")
        self.open_button = named(QPushButton(self.tr("Open ticket")), "pop_open")
        self.new_button = named(QPushButton(self.tr("New ticket (Ctrl+N)")), "pop_new")
        self.note_button = named(QPushButton(self.tr("Note…")), "pop_note")
        self.attach_button = named(
            QPushButton(self.tr("Add to a customer… (%1)").replace("%1", ATTACH_KEYS)),
            "pop_attach",
        )
        self.attach_button.setToolTip(
            self.tr("Add this number to an existing customer (%1)").replace("%1", ATTACH_KEYS)
        )
        self.attach_button.hide()  # only for a number nobody has
        self.attach = attach
        if attach is not None:
            attach.setParent(self)
            attach.hide()
        self.open_button.setEnabled(False)
        self.note_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caller)
        layout.addWidget(self.details)
        if attach is not None:
            layout.addWidget(attach, 1)
        layout.addWidget(self.tickets, 1)
        layout.addWidget(self.assets)
        layout.addLayout(buttons)
        self.resize(480, 340)
        self.open_button.clicked.connect(self._open_selected)
        self.tickets.itemActivated.connect(lambda _item: self._open_selected())
        self.new_button.clicked.connect(self._new)
        self.note_button.clicked.connect(self._note)
        QShortcut(QKeySequence.StandardKey.New, self, self._new)
        self.attach_button.clicked.connect(self.start_attach)
        QShortcut(QKeySequence(ATTACH_KEYS), self, self.start_attach)
        if attach is not None:
            attach.matched.connect(self._attached)
            attach.cancelled.connect(self._attach_cancelled)
            # Tab: the search, the tickets, then the buttons left to right
            QWidget.setTabOrder(attach.query, self.tickets)
        QWidget.setTabOrder(self.tickets, self.note_button)
        QWidget.setTabOrder(self.note_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.attach_button)
        QWidget.setTabOrder(self.attach_button, self.new_button)

    def show_match(self, match: CallerMatch) -> None:
        self.match = match
        number = display_phone(match.number, self._region) or self.call.from_number
        can_attach = not match.customers and bool(match.number) and self.attach is not None
        self.attach_button.setVisible(can_attach)
        if not can_attach and self.attach is not None:
            self.attach.hide()
        if not match.customers:
            self.caller.setText(self.tr("%1 — not a known customer").replace("%1", escape(number)))
            text = self.tr("Ctrl+N starts a ticket for a new customer with this number.")
            if can_attach:  # no space after a Chinese full stop
                text += ("" if text.endswith("。") else " ") + self.tr(
                    "Ctrl+L adds it to an existing customer."
                )
            self.details.setText(text)
        elif len(match.customers) == 1:
            c = match.customers[0]
            self.caller.setText(f"{escape(c.name)} · {escape(number)}")
            self.details.setText((c.notes and escape(c.notes)) or "")
        else:
            names = ", ".join(escape(c.name) for c in match.customers)
            self.caller.setText(
                self.tr("%1 — %2 customers share this number")
                .replace("%1", escape(number))
                .replace("%2", str(len(match.customers)))
            )
            self.details.setText(names)
        self.tickets.clear()
        for row in match.open_tickets:
            t = row.ticket
            tech = row.technician_name or self.tr("not dispatched")
            site = row.site_name or ""
            item = QListWidgetItem(
                f"{t.number} · {t.category} · {status_label(t.status)} · {tech} · {site}"
            )
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.tickets.addItem(item)
        if match.open_tickets:
            self.tickets.setCurrentRow(0)
            self.open_button.setEnabled(True)
            self.note_button.setEnabled(True)
            self.open_button.setDefault(True)
        else:
            self.new_button.setDefault(True)
        lines = []
        if match.assets:
            shown = [
                f"{escape(a.model)} · {escape(a.serial)} ({escape(site.name)})"
                for site, a in match.assets
            ]
            lines.append(self.tr("Equipment: %1").replace("%1", "; ".join(shown)))
        for cb in match.callbacks:
            due = cb.due_at.astimezone().strftime("%m-%d %H:%M")
            lines.append(self.tr("A callback to this number is due %1.").replace("%1", due))
        self.assets.setText("<br/>".join(lines))
        self.assets.setVisible(bool(lines))
        earlier = [c for c in match.recent_calls if c.call_id != self.call.call_id]
        if earlier:
            last = earlier[0].offered_at.astimezone().strftime("%m-%d %H:%M")
            extra = self.tr("%n call(s) recently, the last at %1", "", len(earlier))
            self.details.setText(
                (self.details.text() + "  " if self.details.text() else "")
                + extra.replace("%1", last)
            )

    def start_attach(self) -> None:
        """Ctrl+L: the customer search opens, focused, for this caller's number."""
        if self.attach is not None and self.attach_button.isVisible() and self.match is not None:
            self.tickets.setVisible(self.tickets.count() > 0)  # the customers found get its room
            self.attach.start(self.match.number or "")

    def _attach_cancelled(self) -> None:
        self.tickets.show()
        self.new_button.setFocus()

    def _attached(self, match: CallerMatch) -> None:
        self.show_match(match)
        self.tickets.show()
        if len(match.customers) == 1:
            added = self.tr("The number was added to %1.").replace(
                "%1", escape(match.customers[0].name)
            )
            gap = "" if added.endswith("。") else " "
            self.details.setText(gap.join(t for t in (added, self.details.text()) if t))
        (self.tickets if self.tickets.count() else self.new_button).setFocus()

    def call_answered(self, elsewhere: str | None = None) -> None:
        """Answered here, or (`elsewhere`) by a colleague's extension."""
        if elsewhere:
            self.state.setText(self.tr("Taken by extension %1").replace("%1", elsewhere))
        else:
            self.state.setText(self.tr("Answered"))

    def call_ended(self, missed: bool) -> None:
        self.state.setText(
            self.tr("Missed — a callback task was created") if missed else self.tr("Call ended")
        )

    def _open_selected(self) -> None:
        item = self.tickets.currentItem()
        if item is not None:
            self.open_ticket.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _note(self) -> None:
        item = self.tickets.currentItem()
        if item is not None:
            self.add_note.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _new(self) -> None:
        self.new_ticket.emit(self.match, self.call)
